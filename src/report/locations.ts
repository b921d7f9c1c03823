/**
 * Where a finding sits, as the machine-read formats (SARIF, GitHub annotations, GitLab code quality)
 * name it: files relative to the working folder, which is the checkout in CI, and images by stable
 * pseudo paths that no tag, digest or rebuild moves.
 */
import { relative, resolve, sep } from 'node:path';
import type { Finding, ImageLocation } from '../engine/finding.js';

/** A Dockerfile's path relative to the working folder, with `/`; undefined for standard input. */
export function relativeFile(file: string, cwd: string): string | undefined {
  if (file === '-' || file.startsWith('<')) return undefined;
  const rel = relative(cwd, resolve(cwd, file));
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** A Dockerfile's path for formats that need one even for standard input (`<stdin>` becomes `stdin`). */
export function reportedFile(file: string, cwd: string): string {
  return relativeFile(file, cwd) ?? file.replace(/[<>]/g, '');
}

/**
 * The stable pseudo path of an image finding without a Dockerfile line: `<image slug>/<place>`
 * (see {@link imageSlug} and {@link imagePlace}).
 */
export function imagePseudoPath(finding: Finding, location: ImageLocation): string {
  return `${imageSlug(location.image)}/${imagePlace(finding, location)}`;
}

/**
 * Where in the image a finding without a Dockerfile line sits: its path in the image (no leading
 * `/`), else `history` for a build step and `config` for the image config.
 */
export function imagePlace(finding: Finding, location: ImageLocation): string {
  return location.path ?? (finding.properties?.['historyIndex'] !== undefined || location.layer ? 'history' : 'config');
}

/**
 * The image's name without what changes from build to build: `docker:` prefix, digest, tag and
 * registry port; then only characters safe in a path.
 */
export function imageSlug(image: string): string {
  let name = image.replace(/^docker:/, '').replace(/@sha256:[0-9a-f]+$/i, '');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  // A registry's port (`host:5000/app`): the same image moved to another port is the same image.
  name = name.replace(/^([^/:]+):\d+\//, '$1/');
  name = name.replace(/\.(?:tar|tar\.gz|tgz|oci)$/i, '');
  const slug = name
    .replace(/[^A-Za-z0-9._/-]+/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/^[./-]+|[/-]+$/g, '');
  return slug === '' ? 'image' : slug;
}
