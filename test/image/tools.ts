import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CI = process.env.CI === 'true';

/**
 * A command-line tool a test needs. Missing, the test skips with the reason in its name, except
 * under CI (`skip` stays false there, so the test runs and fails loudly).
 */
export function tool(name: string): { path: string | undefined; missing: boolean; skip: boolean; note: string } {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  const path = dirs.map((dir) => join(dir, name)).find(isExecutable);
  const missing = path === undefined;
  return { path, missing, skip: missing && !CI, note: missing ? ` [skipped: ${name} not found]` : '' };
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
