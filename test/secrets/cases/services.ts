/** True samples and look-alikes of the detectors in src/secrets/detectors/services.ts (and kin). */
import type { DetectorCases } from './types.js';

export const CASES: Record<string, DetectorCases> = {};
