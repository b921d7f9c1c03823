import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ConfigLoader, type ConfigLoaderOptions } from '../../src/engine/config.js';
import { CONFIG_SCHEMA } from '../../src/engine/config-schema.js';
import { writeFiles } from '../cli/helpers.js';

const KNOWN_RULES = [
  { id: 'base-image-latest', sources: ['hadolint:DL3007', 'trivy:DS-0001'] },
  { id: 'root-user', sources: ['hadolint:DL3002', 'trivy:DS-0002'] },
  { id: 'secret-in-env', sources: [] },
  'sudo',
];

const DEFAULT = { enabled: true, severity: undefined, options: {} };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drydock-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function put(files: Record<string, string | Buffer>): Promise<void> {
  return writeFiles(dir, files);
}

function loader(options: Partial<ConfigLoaderOptions> = {}): ConfigLoader {
  return new ConfigLoader({ knownRules: KNOWN_RULES, cwd: dir, ...options });
}

/** The error a config gives, for `toMatchObject`. */
async function configError(yaml: string | Buffer, options: Partial<ConfigLoaderOptions> = {}): Promise<ConfigError> {
  await put({ '.drydock.yaml': yaml });
  const error = await loader(options)
    .forFile('Dockerfile')
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('the schema', () => {
  it('is a valid draft-07 schema under ajv strict mode (the CLI skips this check to start faster)', () => {
    const ajv = new Ajv.default({ strict: true, allErrors: true });
    expect(ajv.validateSchema(CONFIG_SCHEMA as unknown as object)).toBe(true);
    expect(() => ajv.compile(CONFIG_SCHEMA as unknown as object)).not.toThrow();
  });

  it('closes every object with additionalProperties: false', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.additionalProperties === undefined) open.push(path);
      for (const [key, value] of Object.entries(schema)) walk(value, `${path}/${key}`);
    };
    walk(CONFIG_SCHEMA, '#');
    // `options` is the one free-form object: its keys belong to each rule.
    expect(open).toEqual(['#/$defs/ruleValue/else/properties/options']);
  });
});

describe('discovery', () => {
  it('without a config file, defaults apply', async () => {
    const config = await loader().forFile('Dockerfile');
    expect(config.file).toBeUndefined();
    expect(config.trustedRegistries).toEqual([]);
    expect(config.isIgnored('Dockerfile')).toBe(false);
    expect(config.ruleSetting('root-user', 'Dockerfile')).toEqual(DEFAULT);
  });

  it('finds the config in a folder above the file', async () => {
    await put({ '.drydock.yaml': 'rules:\n  root-user: off\n' });
    const config = await loader().forFile(join(dir, 'a/b/c/Dockerfile'));
    expect(config.file).toBe(join(dir, '.drydock.yaml'));
    expect(config.ruleSetting('root-user', 'a/b/c/Dockerfile').enabled).toBe(false);
  });

  it('the nearest config wins, whole: nothing is merged from configs further up', async () => {
    await put({
      '.drydock.yaml': 'rules:\n  root-user: off\n  sudo: off\n',
      'svc/.drydock.yml': 'rules:\n  root-user: error\n',
    });
    const l = loader();
    const inner = await l.forFile('svc/api/Dockerfile');
    expect(inner.file).toBe(join(dir, 'svc/.drydock.yml'));
    expect(inner.ruleSetting('root-user', 'svc/api/Dockerfile')).toEqual({ enabled: true, severity: 'error', options: {} });
    expect(inner.ruleSetting('sudo', 'svc/api/Dockerfile')).toEqual(DEFAULT);
    const outer = await l.forFile('other/Dockerfile');
    expect(outer.file).toBe(join(dir, '.drydock.yaml'));
  });

  it('reads each config once and shares it between the files of a tree', async () => {
    await put({ '.drydock.yaml': 'rules: {}\n' });
    const l = loader();
    const a = await l.forFile('a/Dockerfile');
    const b = await l.forFile('b/c/Dockerfile');
    const c = await l.forFile(join(dir, 'Dockerfile'));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('both .drydock.yaml and .drydock.yml in one folder is an error', async () => {
    await put({ '.drydock.yaml': 'rules: {}\n', '.drydock.yml': 'rules: {}\n' });
    await expect(loader().forFile('Dockerfile')).rejects.toMatchObject({
      message: '.drydock.yml: two config files in one folder; keep .drydock.yaml or .drydock.yml, not both (the other is .drydock.yaml)',
    });
  });

  it('a folder named .drydock.yaml is an error, not skipped', async () => {
    await mkdir(join(dir, '.drydock.yaml'));
    await expect(loader().forFile('Dockerfile')).rejects.toMatchObject({
      file: '.drydock.yaml',
      problem: 'is a directory, expected a config file',
    });
  });

  it('--config replaces discovery for every file, even where another config is nearer', async () => {
    await put({
      'ci/strict.yaml': 'rules:\n  sudo: error\n',
      'svc/.drydock.yaml': 'not: [valid\n',
    });
    const l = loader({ explicitPath: 'ci/strict.yaml' });
    const config = await l.forFile('svc/Dockerfile');
    expect(config.file).toBe(join(dir, 'ci/strict.yaml'));
    expect(config.ruleSetting('sudo', 'svc/Dockerfile').severity).toBe('error');
    expect(await l.forFile('/elsewhere/Dockerfile')).toBe(config);
  });

  it('--config naming a missing file or a folder', async () => {
    await expect(loader({ explicitPath: 'nope.yaml' }).forFile('Dockerfile')).rejects.toMatchObject({
      message: 'nope.yaml: no such file',
      file: 'nope.yaml',
      path: join(dir, 'nope.yaml'),
    });
    await mkdir(join(dir, 'conf'));
    await expect(loader({ explicitPath: 'conf' }).forFile('Dockerfile')).rejects.toMatchObject({
      message: 'conf: is a directory, expected a config file',
    });
  });

  it('names a config above the working folder by its absolute path', async () => {
    await put({ '.drydock.yaml': 'rules:\n  root-usr: off\n' });
    await mkdir(join(dir, 'work'));
    const error = await loader({ cwd: join(dir, 'work') })
      .forFile('Dockerfile')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ file: join(dir, '.drydock.yaml'), keyPath: 'rules.root-usr', line: 2, column: 3 });
  });

  it('stdin (a name in the working folder) finds the config from the working folder', async () => {
    await put({ '.drydock.yaml': 'rules:\n  sudo: note\n' });
    const config = await loader().forFile('<stdin>');
    expect(config.ruleSetting('sudo', '<stdin>').severity).toBe('note');
  });
});

describe('rules', () => {
  it('short forms: off, error, warning, note', async () => {
    await put({ '.drydock.yaml': 'rules:\n  base-image-latest: off\n  root-user: error\n  secret-in-env: warning\n  sudo: note\n' });
    const config = await loader().forFile('Dockerfile');
    expect(config.ruleSetting('base-image-latest', 'Dockerfile')).toEqual({ enabled: false, severity: undefined, options: {} });
    expect(config.ruleSetting('root-user', 'Dockerfile')).toEqual({ enabled: true, severity: 'error', options: {} });
    expect(config.ruleSetting('secret-in-env', 'Dockerfile').severity).toBe('warning');
    expect(config.ruleSetting('sudo', 'Dockerfile').severity).toBe('note');
  });

  it('the long form: severity, enabled and free-form options, each optional', async () => {
    await put({
      '.drydock.yaml': [
        'rules:',
        '  secret-in-env:',
        '    severity: warning',
        '    enabled: true',
        '    options: { allowNames: [PUBLIC_KEY], minEntropy: 3.5 }',
        '  root-user: { enabled: false }',
        '  sudo: {}',
        '',
      ].join('\n'),
    });
    const config = await loader().forFile('Dockerfile');
    expect(config.ruleSetting('secret-in-env', 'Dockerfile')).toEqual({
      enabled: true,
      severity: 'warning',
      options: { allowNames: ['PUBLIC_KEY'], minEntropy: 3.5 },
    });
    expect(config.ruleSetting('root-user', 'Dockerfile')).toEqual({ enabled: false, severity: undefined, options: {} });
    expect(config.ruleSetting('sudo', 'Dockerfile')).toEqual(DEFAULT);
  });

  it('hadolint codes and peer ids map to the rules whose sources list them', async () => {
    await put({ '.drydock.yaml': 'rules:\n  DL3002: off\n  hadolint:DL3007: note\n' });
    const config = await loader().forFile('Dockerfile');
    expect(config.ruleSetting('root-user', 'Dockerfile').enabled).toBe(false);
    expect(config.ruleSetting('base-image-latest', 'Dockerfile').severity).toBe('note');
  });

  it('aliases can also be given as a map; one code may stand for several rules', async () => {
    await put({ '.drydock.yaml': 'rules:\n  dl3004: error\n' });
    const config = await loader({ aliases: new Map([['DL3004', ['sudo', 'secret-in-env']]]) }).forFile('Dockerfile');
    expect(config.ruleSetting('sudo', 'Dockerfile').severity).toBe('error');
    expect(config.ruleSetting('secret-in-env', 'Dockerfile').severity).toBe('error');
  });

  it('trustedRegistries are kept as written', async () => {
    await put({ '.drydock.yaml': 'trustedRegistries: [registry.corp.example, ghcr.io/acme, "localhost:5000/team_a"]\n' });
    const config = await loader().forFile('Dockerfile');
    expect(config.trustedRegistries).toEqual(['registry.corp.example', 'ghcr.io/acme', 'localhost:5000/team_a']);
  });

  it('an empty file, or one with only comments, means the defaults', async () => {
    for (const text of ['', '# nothing yet\n']) {
      await put({ '.drydock.yaml': text });
      const config = await loader().forFile('Dockerfile');
      expect(config.file).toBe(join(dir, '.drydock.yaml'));
      expect(config.ruleSetting('sudo', 'Dockerfile')).toEqual(DEFAULT);
    }
  });

  it('a rule setting handed out is not shared with the next caller', async () => {
    const config = await loader().forFile('Dockerfile');
    (config.ruleSetting('sudo', 'Dockerfile').options as Record<string, unknown>).x = 1;
    expect(config.ruleSetting('sudo', 'Dockerfile').options).toEqual({});
  });
});

describe('overrides and ignore', () => {
  const CONFIG = [
    'rules:',
    '  root-user: error',
    '  secret-in-env: { severity: warning, options: { a: 1 } }',
    'overrides:',
    '  - files: ["**/test/**", "legacy/*.Dockerfile"]',
    '    rules: { root-user: off }',
    '  - files: ["legacy/**"]',
    '    rules:',
    '      root-user: note',
    '      secret-in-env: error',
    '  - files: ["svc/**", "!svc/keep/**"]',
    '    rules: { sudo: off }',
    'ignore: ["vendor/**", "./generated.Dockerfile"]',
    '',
  ].join('\n');

  it('overrides apply in order, later wins, with paths relative to the config folder', async () => {
    await put({ 'repo/.drydock.yaml': CONFIG });
    const l = loader();
    const config = await l.forFile('repo/Dockerfile');
    const at = (rule: string, path: string) => config.ruleSetting(rule, path);
    expect(at('root-user', 'repo/Dockerfile')).toEqual({ enabled: true, severity: 'error', options: {} });
    expect(at('root-user', 'repo/app/test/Dockerfile').enabled).toBe(false);
    expect(at('root-user', join(dir, 'repo/legacy/old.Dockerfile'))).toEqual({ enabled: true, severity: 'note', options: {} });
    // A severity alone keeps the options set earlier.
    expect(at('secret-in-env', 'repo/legacy/old.Dockerfile')).toEqual({ enabled: true, severity: 'error', options: { a: 1 } });
    // Patterns are relative to repo/, not to the working folder.
    expect(at('root-user', 'legacy/old.Dockerfile').severity).toBe('error');
    expect(at('sudo', 'repo/svc/a/Dockerfile').enabled).toBe(false);
    expect(at('sudo', 'repo/svc/keep/Dockerfile').enabled).toBe(true);
  });

  it('turning a rule off and then giving only options keeps it off; a severity turns it back on', async () => {
    await put({
      '.drydock.yaml': [
        'rules: { sudo: off, root-user: off }',
        'overrides:',
        '  - files: ["a/**"]',
        '    rules: { sudo: { options: { x: 1 } }, root-user: { severity: warning } }',
        '  - files: ["a/b/**"]',
        '    rules: { root-user: { severity: error, enabled: false } }',
      ].join('\n'),
    });
    const config = await loader().forFile('Dockerfile');
    expect(config.ruleSetting('sudo', 'a/Dockerfile')).toEqual({ enabled: false, severity: undefined, options: { x: 1 } });
    expect(config.ruleSetting('root-user', 'a/Dockerfile')).toEqual({ enabled: true, severity: 'warning', options: {} });
    expect(config.ruleSetting('root-user', 'a/b/Dockerfile')).toEqual({ enabled: false, severity: 'error', options: {} });
  });

  it('ignore matches paths relative to the config folder, dot folders included', async () => {
    await put({ 'repo/.drydock.yaml': CONFIG });
    const config = await loader().forFile('repo/Dockerfile');
    expect(config.isIgnored('repo/vendor/x/Dockerfile')).toBe(true);
    expect(config.isIgnored('repo/vendor/.cache/Dockerfile')).toBe(true);
    expect(config.isIgnored('repo/generated.Dockerfile')).toBe(true);
    expect(config.isIgnored('repo/sub/generated.Dockerfile')).toBe(false);
    expect(config.isIgnored('repo/Dockerfile')).toBe(false);
    expect(config.isIgnored('vendor/Dockerfile')).toBe(false);
  });

  it('with --config, patterns are relative to that file, and files outside it match only ../ patterns', async () => {
    await put({ 'ci/drydock.yaml': 'ignore: ["**/Dockerfile.old", "../third_party/**"]\n' });
    const config = await loader({ explicitPath: 'ci/drydock.yaml' }).forFile('x');
    expect(config.isIgnored('ci/a/Dockerfile.old')).toBe(true);
    expect(config.isIgnored('Dockerfile.old')).toBe(false);
    expect(config.isIgnored('third_party/Dockerfile')).toBe(true);
  });
});

describe('errors: one line naming the file, the position and the key', () => {
  it('a YAML syntax error, with the parser line and column', async () => {
    const error = await configError('rules:\n  root-user: off\n bad: [1\n');
    expect(error.message).toMatch(/^\.drydock\.yaml:3:1: YAML syntax error: /);
    expect(error).toMatchObject({ file: '.drydock.yaml', path: join(dir, '.drydock.yaml'), line: 3, column: 1 });
    expect(error.message).not.toContain('\n');
  });

  it('an unclosed quote', async () => {
    const error = await configError('rules: {root-user: "off}\n');
    expect(error.message).toMatch(/^\.drydock\.yaml:2:1: YAML syntax error: missing closing "quote$/);
  });

  it('a duplicate key names its path', async () => {
    expect((await configError('rules:\n  sudo: off\n  sudo: error\n')).message).toBe('.drydock.yaml:3:3: rules.sudo: duplicate key');
  });

  it('more than one YAML document', async () => {
    expect((await configError('rules: {}\n---\nrules: {}\n')).message).toBe(
      ".drydock.yaml:2:1: YAML syntax error: a config is one YAML document; remove the '---' and what follows",
    );
  });

  it('an alias without an anchor', async () => {
    expect((await configError('rules:\n  sudo: *level\n')).message).toBe(
      '.drydock.yaml:2:9: YAML error: unresolved alias (the anchor must be set before the alias): level',
    );
  });

  it('an unknown top-level key, with a suggestion', async () => {
    expect((await configError('rule:\n  sudo: off\n')).message).toBe('.drydock.yaml:1:1: rule: unknown key (did you mean rules?)');
    expect((await configError('colour: true\n')).message).toBe(
      '.drydock.yaml:1:1: colour: unknown key (expected rules, overrides, ignore, trustedRegistries or secrets)',
    );
  });

  it('an unknown key in a rule long form and in an override', async () => {
    expect((await configError('rules:\n  sudo:\n    severty: error\n')).message).toBe(
      '.drydock.yaml:3:5: rules.sudo.severty: unknown key (did you mean severity?)',
    );
    expect((await configError('overrides:\n  - files: [a]\n    rules: {}\n    file: [b]\n')).message).toBe(
      '.drydock.yaml:4:5: overrides[0].file: unknown key (did you mean files?)',
    );
  });

  it('a wrong type', async () => {
    expect((await configError('ignore: vendor/**\n')).message).toBe(".drydock.yaml:1:9: ignore: expected a list, got 'vendor/**'");
    expect((await configError('rules:\n  - sudo\n')).message).toBe('.drydock.yaml:2:3: rules: expected a mapping, got a list');
    expect((await configError('rules:\n')).message).toBe('.drydock.yaml:1:1: rules: expected a mapping, got an empty value');
    expect((await configError('rules:\n  sudo: { enabled: "yes" }\n')).message).toBe(
      ".drydock.yaml:2:20: rules.sudo.enabled: expected true or false, got 'yes'",
    );
    expect((await configError('trustedRegistries: [ghcr.io, 5]\n')).message).toBe(
      '.drydock.yaml:1:30: trustedRegistries[1]: expected a string, got 5',
    );
    expect((await configError('- rules\n')).message).toBe('.drydock.yaml:1:1: expected a mapping, got a list');
  });

  it('a rule value that is neither a level nor a mapping', async () => {
    expect((await configError('rules:\n  sudo: false\n')).message).toBe(
      '.drydock.yaml:2:9: rules.sudo: expected off, error, warning or note, or a mapping with severity, enabled and options; got false',
    );
  });

  it('an unknown severity', async () => {
    expect((await configError('rules:\n  sudo: warn\n')).message).toBe(
      ".drydock.yaml:2:9: rules.sudo: unknown severity 'warn' (expected off, error, warning or note)",
    );
    expect((await configError('rules:\n  sudo: { severity: off }\n')).message).toBe(
      ".drydock.yaml:2:21: rules.sudo.severity: unknown severity 'off' (expected error, warning or note; to turn the rule off, use enabled: false)",
    );
    expect((await configError('overrides:\n  - files: [a]\n    rules: { sudo: Error }\n')).message).toBe(
      ".drydock.yaml:3:20: overrides[0].rules.sudo: unknown severity 'Error' (expected off, error, warning or note)",
    );
  });

  it('an unknown rule, with a suggestion when one is close', async () => {
    const error = await configError('rules:\n  root-user: off\n  root-usr: off\n');
    expect(error.message).toBe('.drydock.yaml:3:3: rules.root-usr: unknown rule (did you mean root-user?)');
    expect(error).toMatchObject({ keyPath: 'rules.root-usr', problem: 'unknown rule (did you mean root-user?)', line: 3, column: 3 });
    expect((await configError('rules:\n  no-such-thing-at-all: off\n')).message).toBe(
      ".drydock.yaml:2:3: rules.no-such-thing-at-all: unknown rule (see 'drydock rules' for the list)",
    );
    expect((await configError('overrides:\n  - files: [a]\n    rules: { Sudo: off }\n')).message).toBe(
      '.drydock.yaml:3:14: overrides[0].rules.Sudo: unknown rule (did you mean sudo?)',
    );
  });

  it('a hadolint code or peer id that no rule covers', async () => {
    expect((await configError('rules:\n  DL3008: off\n')).message).toBe('.drydock.yaml:2:3: rules.DL3008: no drydock rule covers hadolint:DL3008');
    expect((await configError('rules:\n  trivy:DS-9999: off\n')).message).toBe(
      '.drydock.yaml:2:3: rules.trivy:DS-9999: no drydock rule covers trivy:DS-9999',
    );
  });

  it('one rule set twice in one mapping, directly and through an alias', async () => {
    expect((await configError('rules:\n  root-user: off\n  DL3002: error\n')).message).toBe(
      '.drydock.yaml:3:3: rules.DL3002: sets root-user, already set by rules.root-user; keep one',
    );
  });

  it('overrides need files and rules; files need a pattern', async () => {
    expect((await configError('overrides:\n  - rules: { sudo: off }\n')).message).toBe(
      ".drydock.yaml:2:5: overrides[0]: missing key 'files'",
    );
    expect((await configError('overrides:\n  - files: []\n    rules: {}\n')).message).toBe(
      '.drydock.yaml:2:12: overrides[0].files: must list at least one pattern',
    );
    expect((await configError('ignore: [""]\n')).message).toBe('.drydock.yaml:1:10: ignore[0]: must not be empty');
  });

  it('patterns are relative: a leading / is an error', async () => {
    expect((await configError('ignore:\n  - vendor/**\n  - /abs/**\n')).message).toBe(
      ".drydock.yaml:3:5: ignore[1]: patterns are relative to the config file's folder; remove the leading /",
    );
  });

  it('a registry with a URL scheme, or not a registry at all', async () => {
    expect((await configError('trustedRegistries: ["https://ghcr.io/acme"]\n')).message).toBe(
      ".drydock.yaml:1:21: trustedRegistries[0]: 'https://ghcr.io/acme' has a URL scheme; write the registry host alone (like ghcr.io/acme)",
    );
    expect((await configError('trustedRegistries: ["ghcr.io/acme/"]\n')).problem).toMatch(/is not a registry host or host\/path/);
  });

  it('the error nearest the top of the file is the one reported', async () => {
    const error = await configError('rules:\n  sudo: warn\nignore: 3\nfoo: 1\n');
    expect(error.message).toBe(".drydock.yaml:2:9: rules.sudo: unknown severity 'warn' (expected off, error, warning or note)");
  });

  it('an odd key is quoted in the key path', async () => {
    expect((await configError('rules:\n  "a.b c": off\n')).message).toBe('.drydock.yaml:2:3: rules["a.b c"]: unknown rule (see \'drydock rules\' for the list)');
  });

  it('bytes that are not UTF-8', async () => {
    expect((await configError(Buffer.from([0x72, 0x75, 0xff, 0x0a]))).message).toBe('.drydock.yaml: not UTF-8 text');
  });

  it('a UTF-8 BOM and CRLF line ends are fine', async () => {
    await put({ '.drydock.yaml': '\uFEFFrules:\r\n  sudo: off\r\n' });
    expect((await loader().forFile('Dockerfile')).ruleSetting('sudo', 'Dockerfile').enabled).toBe(false);
    expect((await configError('\uFEFFrules:\r\n  sudo: of\r\n')).message).toMatch(/^\.drydock\.yaml:2:9: /);
  });
});
