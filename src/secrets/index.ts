/**
 * Secret detection for drydock's rules: provider-format detectors, name-based classification of
 * assignments, and masking.
 *
 * - {@link findSecrets} scans any text (instruction text, heredoc bodies, file contents).
 * - {@link classifyAssignment} judges one `NAME=value` pair (ENV, ARG, LABEL, `--build-arg`).
 * - {@link classifySecretName} tells whether a name alone denotes a secret (a bare `ARG NPM_TOKEN`).
 * - {@link mask} is the only form in which a secret may be printed.
 */
export { classifyAssignment } from './classify.js';
export type { DetectorHit, SecretDetector, StepBack } from './detector.js';
export { mask, type MaskOptions } from './mask.js';
export { classifySecretName, isSecretName, nameWords, type SecretName, type SecretNameKind } from './names.js';
export { NAMED_SECRET_ID } from './named-values.js';
export { findSecrets, listDetectors, type FindSecretsOptions } from './scan.js';
export {
  CONFIDENCE_RANK,
  type Confidence,
  type DetectorFamily,
  type DetectorKind,
  type SecretMatch,
  type SecretVerdict,
  type VerdictBasis,
} from './types.js';
export { valueKind, type ValueKind } from './values.js';
