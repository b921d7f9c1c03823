/**
 * The registry of detectors, sorted by id. Adding a detector: write it in the file of its family,
 * list it here, and give it true samples and look-alikes in test/secrets/detectors.test.ts (a
 * meta-test fails for a detector without both).
 */
import type { SecretDetector } from '../detector.js';
import { aiDetectors } from './ai.js';
import { secretAssignment } from './assignment.js';
import { cloudDetectors } from './cloud.js';
import { codeForgeDetectors } from './code-forges.js';
import { credentialDetectors } from './credentials.js';
import { devDetectors } from './dev.js';
import { keyDetectors } from './keys.js';
import { platformsDetectors } from './platforms.js';
import { registryDetectors } from './registries.js';
import { saasDetectors } from './saas.js';
import { servicesDetectors } from './services.js';

export const DETECTORS: readonly SecretDetector[] = [
  ...aiDetectors,
  ...cloudDetectors,
  ...codeForgeDetectors,
  ...credentialDetectors,
  ...devDetectors,
  ...keyDetectors,
  ...platformsDetectors,
  ...registryDetectors,
  ...saasDetectors,
  ...servicesDetectors,
  secretAssignment,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
