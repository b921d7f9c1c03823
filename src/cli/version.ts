// Replaced with the package version by scripts/build.mjs; absent when running from source (tests, tsx).
declare const __DRYDOCK_VERSION__: string | undefined;

export const DRYDOCK_VERSION: string =
  typeof __DRYDOCK_VERSION__ === 'string' ? __DRYDOCK_VERSION__ : '0.0.0-dev';

/** Where drydock lives; SARIF's `informationUri`, and the base of each rule's `helpUri`. */
export const DRYDOCK_HOMEPAGE = 'https://github.com/drydock-scanner/drydock';
export const DRYDOCK_RULES_URI = `${DRYDOCK_HOMEPAGE}/blob/main/rules.md`;
