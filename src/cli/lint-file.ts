import { ConfigError, ConfigLoader, type ResolvedConfig } from '../engine/config.js';
import type { Finding } from '../engine/finding.js';
import { lintDockerfile } from '../engine/lint.js';
import { RULES } from '../rules/index.js';
import { CliError } from './errors.js';
import { readTextFile } from './read-input.js';

/** What linting one file gives: its findings, or the one-line input error that stopped it. */
export type FileOutcome = { findings: Finding[] } | { inputError: CliError };

export function newConfigLoader(explicitPath: string | undefined, cwd: string): ConfigLoader {
  return new ConfigLoader({ knownRules: RULES.map((rule) => rule.meta), explicitPath, cwd });
}

export async function configFor(loader: ConfigLoader, path: string): Promise<ResolvedConfig> {
  try {
    return await loader.forFile(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // `drydock: .drydock.yaml:3:5: rules.root-usr: unknown rule (did you mean root-user?)`
    throw new CliError(error.keyPath ? `${error.keyPath}: ${error.problem}` : error.problem, error.location, undefined, {
      cause: error,
    });
  }
}

/** Reads and lints one file. Input problems come back as an outcome; anything else throws. */
export async function lintFile(path: string, name: string, config: ResolvedConfig): Promise<FileOutcome> {
  let text: string;
  try {
    text = await readTextFile(path, name);
  } catch (error) {
    if (error instanceof CliError) return { inputError: error };
    throw error;
  }
  return { findings: await lintText(text, name, config) };
}

export async function lintText(text: string, name: string, config: ResolvedConfig): Promise<Finding[]> {
  try {
    // The engine returns findings sorted by position.
    return await lintDockerfile(text, name, { config });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`internal error while linting: ${message}`, name, 'set DRYDOCK_DEBUG=1 for a stack trace', {
      cause: error,
    });
  }
}
