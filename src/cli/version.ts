// Replaced with the package version by scripts/build.mjs; absent when running from source (tests, tsx).
declare const __DRYDOCK_VERSION__: string | undefined;

export const DRYDOCK_VERSION: string =
  typeof __DRYDOCK_VERSION__ === 'string' ? __DRYDOCK_VERSION__ : '0.0.0-dev';
