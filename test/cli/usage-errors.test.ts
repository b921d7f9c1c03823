import { describe, expect, it } from 'vitest';
import { usageErrorFrom } from '../../src/cli/usage-errors.js';
import { formatErrorLine } from '../../src/cli/errors.js';

const COMMANDS = ['lint', 'scan', 'fix', 'harden', 'verify', 'rules'];
const line = (message: string, args: string[]) => formatErrorLine(usageErrorFrom(message, args, COMMANDS));

describe('usageErrorFrom', () => {
  it('tells an unknown command from an unknown option, and suggests close commands', () => {
    expect(line('Unknown argument: lnit', ['lnit'])).toBe(
      "drydock: unknown command 'lnit' (did you mean 'lint'?) (run 'drydock --help' for usage)",
    );
    expect(line('Unknown argument: deploy', ['deploy'])).toBe("drydock: unknown command 'deploy' (run 'drydock --help' for usage)");
    expect(line('Unknown arguments: bogus-flag, bogusFlag', ['lint', '--bogus-flag'])).toBe(
      "drydock: unknown option '--bogus-flag' (run 'drydock lint --help' for usage)",
    );
    expect(line('Unknown arguments: q, zz', ['scan', '-q', '--zz'])).toBe(
      "drydock: unknown options '-q', '--zz' (run 'drydock scan --help' for usage)",
    );
  });

  it('rewords invalid choices and missing values', () => {
    expect(line('Invalid values:\n  Argument: format, Given: "xml", Choices: "stylish", "json"', ['lint', '--format', 'xml'])).toBe(
      "drydock: invalid value 'xml' for --format (choose stylish or json) (run 'drydock lint --help' for usage)",
    );
    expect(line('Not enough arguments following: o', ['lint', '-o'])).toMatch(/^drydock: option '-o' needs a value/);
  });

  it('reports a stray flag rather than a missing command', () => {
    expect(line('missing command (one of: lint)', ['--verbose'])).toMatch(/^drydock: unknown option '--verbose'/);
    expect(line('missing command (one of: lint)', [])).toMatch(/^drydock: missing command/);
  });

  it('keeps anything else on one line', () => {
    expect(line('Something\n  odd', ['lint'])).toBe("drydock: Something; odd (run 'drydock lint --help' for usage)");
  });
});
