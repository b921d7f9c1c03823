/**
 * `classifyAssignment`: the verdict on one `NAME=value` pair (ENV, ARG, LABEL, `export`,
 * `--build-arg`, `-e`).
 */
import { mask } from './mask.js';
import { classifySecretName } from './names.js';
import { judgeNamedValue, NAMED_SECRET_ID, namedSecretDescription } from './named-values.js';
import { findSecrets } from './scan.js';
import { CONFIDENCE_RANK, type SecretVerdict } from './types.js';
import { unquote } from './values.js';

/**
 * Judges a `NAME=value` pair. Returns a verdict when
 * - the value holds a secret by its shape, under any name (`ghp_…`, `AKIA…`, a URL with a password,
 *   a private key), with the name as context (`AWS_SECRET_ACCESS_KEY=<40 base64>`); or
 * - the name denotes a secret (see `classifySecretName`) and the value is a literal that could be
 *   one.
 *
 * Returns undefined for empty values, references (`${TOKEN}`, `$(cat /run/secrets/x)`), paths
 * (`/run/secrets/x`, `*_FILE=…`), settings (`12`, `true`, `1h`, `10MB`), URLs without credentials,
 * prose, and placeholders (`changeme`, `<your-token>`, `xxx`, `REPLACE_ME`, `TODO`, `dummy`,
 * `example`, and a value that merely repeats the noun: `PASSWORD=password`). A placeholder is not
 * reported at any confidence. Literal weak defaults (`admin`, `root`, `postgres`, `123456`) are
 * reported low: they are hard-coded credentials, but usually a local development setup.
 *
 * `value` may keep its outer quotes; offsets in the verdict index `value` as passed.
 */
export function classifyAssignment(name: string, value: string): SecretVerdict | undefined {
  const { text: inner, offset } = unquote(value);
  if (inner.trim() === '') return undefined;
  const context = `${name}=`;
  const shaped = findSecrets(context + inner, { exclude: [NAMED_SECRET_ID] }).filter((m) => m.start >= context.length);
  if (shaped.length > 0) {
    const best = shaped.reduce((a, b) =>
      CONFIDENCE_RANK[b.confidence] > CONFIDENCE_RANK[a.confidence] ||
      (b.confidence === a.confidence && b.end - b.start > a.end - a.start)
        ? b
        : a,
    );
    return {
      detectorId: best.detectorId,
      description: best.description,
      confidence: best.confidence,
      basis: 'value',
      start: best.start - context.length + offset,
      end: best.end - context.length + offset,
      masked: best.masked,
    };
  }
  const info = classifySecretName(name);
  if (!info) return undefined;
  const confidence = judgeNamedValue(info, inner, false);
  if (!confidence) return undefined;
  const lead = inner.length - inner.trimStart().length;
  const secret = inner.trim();
  return {
    detectorId: NAMED_SECRET_ID,
    description: namedSecretDescription(info),
    confidence,
    basis: 'name',
    start: offset + lead,
    end: offset + lead + secret.length,
    masked: mask(secret),
  };
}
