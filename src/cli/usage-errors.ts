import { UsageError } from './errors.js';

/**
 * Turns a yargs failure into a one-line UsageError worded like the rest of drydock. `args` is the
 * command line, used to tell an unknown command from an unknown option and to point at the right
 * `--help`.
 */
export function usageErrorFrom(
  yargsMessage: string,
  args: readonly string[],
  commands: readonly string[],
  knownOptions: readonly string[] = [],
): UsageError {
  const command = args.find((a) => commands.includes(a));
  const hint = `run 'drydock ${command ? `${command} ` : ''}--help' for usage`;
  // yargs checks required arguments before unknown flags, and an unknown flag takes the argument that
  // follows it as its value (`scan --show-secrets app.tar`): the unknown flag is the real mistake.
  if (/^Not enough non-option arguments/.test(yargsMessage.trim()) && knownOptions.length > 0) {
    const known = new Set(knownOptions);
    // Long flags only: short ones are aliases, which the descriptions do not list.
    const stray = args.find((a) => /^--[A-Za-z]/.test(a) && !known.has(a.replace(/^--(?:no-)?/, '').split('=')[0]!));
    if (stray) return new UsageError(`unknown option '${stray.split('=')[0]}'`, hint);
  }
  return new UsageError(describe(yargsMessage.trim(), args, commands, command), hint);
}

function describe(text: string, args: readonly string[], commands: readonly string[], command: string | undefined): string {
  if (text.startsWith('missing command')) {
    // yargs checks for a command before unknown flags, so `drydock --versoin` would otherwise read "missing command".
    const stray = args.find((a) => a.startsWith('-') && !['-h', '--help', '-v', '--version'].includes(a));
    return stray ? `unknown option '${stray.split('=')[0]}'` : text;
  }

  const unknown = /^Unknown (?:arguments?|commands?): (.+)$/s.exec(text);
  if (unknown) {
    const names = withoutCamelCaseTwins(unknown[1]!.split(', '));
    const first = names[0]!;
    if (command === undefined && args.includes(first) && !first.startsWith('-')) {
      const suggestion = closest(first, commands);
      return `unknown command '${first}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
    }
    const flags = names.map((name) => `'${spelledAsGiven(name, args)}'`);
    return `unknown ${flags.length === 1 ? 'option' : 'options'} ${flags.join(', ')}`;
  }

  const invalid = /Argument: (\S+), Given: (.+?), Choices: (.+)$/s.exec(text);
  if (invalid) {
    const [, name, given, choices] = invalid;
    return `invalid value ${given!.replaceAll('"', "'")} for --${name} (choose ${choices!.replaceAll('"', '').replace(/, (?=[^,]*$)/, ' or ')})`;
  }

  const missingValue = /^Not enough arguments following: (\S+)$/.exec(text);
  if (missingValue) return `option '${spelledAsGiven(missingValue[1]!, args)}' needs a value`;

  if (/^Not enough non-option arguments: got 0/.test(text)) {
    return command === 'scan' ? 'missing the image to scan (a tar, a folder, or docker:<ref>)' : 'missing a required argument';
  }

  const tooMany = /^Too many non-option arguments: got (\d+), maximum of (\d+)$/.exec(text);
  if (tooMany) return `too many arguments (got ${tooMany[1]}, at most ${tooMany[2]})`;

  return text.replace(/\s*\n\s*/g, '; ');
}

/** yargs reports `--bogus-flag` as both `bogus-flag` and `bogusFlag`; users typed one of them. */
function withoutCamelCaseTwins(names: string[]): string[] {
  const kebabAsCamel = new Set(
    names.filter((n) => n.includes('-')).map((n) => n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())),
  );
  return names.filter((n) => !kebabAsCamel.has(n));
}

/** The flag as the user wrote it (`-x`, `--name`), found on the command line when possible. */
function spelledAsGiven(name: string, args: readonly string[]): string {
  for (const candidate of [`--${name}`, `-${name}`]) {
    if (args.some((a) => a === candidate || a.startsWith(`${candidate}=`))) return candidate;
  }
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** The nearest command within two edits, for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
