import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatRulesJson, formatRulesTable } from '../report/rules.js';
import { RULES } from '../rules/index.js';
import { fsError } from './errors.js';
import type { CliIo } from './io.js';
import { DRYDOCK_VERSION } from './version.js';

export async function runRules(options: { format: 'stylish' | 'json'; output: string | undefined }, io: CliIo): Promise<number> {
  const text =
    options.format === 'json'
      ? formatRulesJson(RULES, DRYDOCK_VERSION)
      : formatRulesTable(RULES, { color: options.output === undefined && io.stdoutIsTTY && !io.env.NO_COLOR });
  if (options.output === undefined) {
    await io.writeStdout(text);
    return 0;
  }
  try {
    await writeFile(resolve(io.cwd, options.output), text);
  } catch (error) {
    throw fsError(error, options.output);
  }
  return 0;
}
