/** (Filled in by issue 5.) */
import type { SecretDetector } from '../detector.js';

export const platformsDetectors: SecretDetector[] = [];
