import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import micromatch from 'micromatch';
// Types only: the parsers themselves load through import() when a config file actually exists, so
// a run without one never pays for them.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, Node as YamlNode } from 'yaml';
import { editDistance } from '../dockerfile/words.js';
import { CONFIG_AJV_OPTIONS, CONFIG_SCHEMA, RULE_LEVELS, RULE_SEVERITIES, RULE_VALUE_TYPE_PATH, type RawConfig, type RawRuleValue } from './config-schema.js';
import type { Severity } from './finding.js';

/** The names a config file may have, in the order they are looked for. */
export const CONFIG_FILE_NAMES = ['.drydock.yaml', '.drydock.yml'] as const;

/** A config bigger than this is surely not one (and would be slow to validate). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** How one rule runs for one file, after the config's `rules` and matching `overrides`. */
export interface RuleSetting {
  enabled: boolean;
  /** `undefined`: the rule's own default severity. */
  severity: Severity | undefined;
  /** The rule's `options` from the config, `{}` when none. */
  options: Readonly<Record<string, unknown>>;
}

/**
 * The config that applies to a file: from the nearest `.drydock.yaml`, from `--config`, or the
 * defaults. Paths given to its methods are absolute or relative to the loader's `cwd`.
 */
export interface ResolvedConfig {
  /** Absolute path of the config file; `undefined` when no file was found and defaults apply. */
  readonly file: string | undefined;
  readonly trustedRegistries: readonly string[];
  /** What `drydock scan` reads of file contents for secrets. */
  readonly secrets: SecretSettings;
  /** Whether the config's `ignore` patterns exclude the file from linting. */
  isIgnored(path: string): boolean;
  ruleSetting(ruleId: string, path: string): RuleSetting;
}

/** `secrets:` in the config: which file contents of an image are scanned, and how. */
export interface SecretSettings {
  /** Larger files are not scanned; `undefined`: the scanner's default. */
  maxFileSize: number | undefined;
  /** Globs of paths inside the image (no leading `/`) whose contents are not scanned. */
  skipPaths: readonly string[];
  /** Whether the built-in skips (distribution documentation, headers, npm packages' tests) apply. */
  defaultSkips: boolean;
  /** Secrets found in file contents below this confidence are dropped. */
  minConfidence: 'low' | 'medium' | 'high';
}

export const DEFAULT_SECRET_SETTINGS: SecretSettings = { maxFileSize: undefined, skipPaths: [], defaultSkips: true, minConfidence: 'medium' };

/** A rule the config may name: its id, and the peer ids it covers (`hadolint:DL3002`, …). */
export interface KnownRule {
  id: string;
  sources?: readonly string[];
}

export interface ConfigLoaderOptions {
  /**
   * Every rule id a config may name. Rule metadata works as is: the `sources` of each entry become
   * aliases, so `DL3002:` in a config sets the rule whose sources list `hadolint:DL3002`.
   */
  knownRules: Iterable<string | KnownRule>;
  /**
   * More aliases: a peer id (`hadolint:DL3002`, `trivy:DS-0002`; a bare `DL3002` means hadolint's)
   * to the rule ids that cover it.
   */
  aliases?: ReadonlyMap<string, readonly string[]>;
  /** `--config FILE`: this file for every linted file, instead of discovery. Relative to `cwd`. */
  explicitPath?: string | undefined;
  cwd: string;
}

/**
 * A config file that cannot be used: unreadable, bad YAML, or not what the schema allows. `file` is
 * spelled for the user (as given to `--config`, or relative to the working folder); `line` and
 * `column` are 1-based and point at the offending key or value when known.
 */
export class ConfigError extends Error {
  readonly file: string;
  /** Absolute path of the config file. */
  readonly path: string;
  /** Where in the config, like `rules.root-user` or `overrides[0].files`. */
  readonly keyPath: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The problem alone, without file or key path. */
  readonly problem: string;

  constructor(
    init: { file: string; path: string; problem: string; keyPath?: string | undefined; line?: number; column?: number },
    options?: { cause?: unknown },
  ) {
    const where = init.line === undefined ? init.file : `${init.file}:${init.line}:${init.column ?? 1}`;
    super(`${where}: ${init.keyPath ? `${init.keyPath}: ` : ''}${init.problem}`, options);
    this.name = 'ConfigError';
    this.file = init.file;
    this.path = init.path;
    this.keyPath = init.keyPath;
    this.line = init.line;
    this.column = init.line === undefined ? undefined : (init.column ?? 1);
    this.problem = init.problem;
  }

  /** `file`, or `file:line:column` when the position is known. */
  get location(): string {
    return this.line === undefined ? this.file : `${this.file}:${this.line}:${this.column}`;
  }
}

/**
 * Finds and loads configs. Discovery looks for the nearest `.drydock.yaml` (or `.drydock.yml`)
 * from a file's folder up to the file-system root. Lookups are cached per folder and each config
 * file is read once, however many files share it.
 */
export class ConfigLoader {
  private readonly catalog: RuleCatalog;
  private readonly cwd: string;
  private readonly explicit: { path: string; shown: string } | undefined;
  private readonly nearestByDir = new Map<string, Promise<string | undefined>>();
  private readonly byFile = new Map<string, Promise<ResolvedConfig>>();
  private defaults: ResolvedConfig | undefined;

  constructor(options: ConfigLoaderOptions) {
    this.cwd = resolve(options.cwd);
    this.catalog = new RuleCatalog(options.knownRules, options.aliases);
    this.explicit =
      options.explicitPath === undefined
        ? undefined
        : { path: resolve(this.cwd, options.explicitPath), shown: options.explicitPath };
  }

  /**
   * The config for a file (absolute, or relative to `cwd`). With `explicitPath`, always that file's
   * config. Rejects with ConfigError when the config that applies cannot be used.
   */
  async forFile(path: string): Promise<ResolvedConfig> {
    if (this.explicit) return this.load(this.explicit.path, this.explicit.shown);
    const found = await this.nearest(dirname(resolve(this.cwd, path)));
    if (found !== undefined) return this.load(found, this.shown(found));
    this.defaults ??= new FileConfig(undefined, this.cwd, this.cwd, [], DEFAULT_SECRET_SETTINGS, undefined, new Map(), []);
    return this.defaults;
  }

  private nearest(dir: string): Promise<string | undefined> {
    let pending = this.nearestByDir.get(dir);
    if (!pending) {
      pending = this.lookIn(dir);
      this.nearestByDir.set(dir, pending);
    }
    return pending;
  }

  private async lookIn(dir: string): Promise<string | undefined> {
    const present: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const path = resolve(dir, name);
      if (await exists(path, this.shown(path))) present.push(path);
    }
    if (present.length > 1) {
      const [first, second] = present as [string, string];
      throw new ConfigError({
        file: this.shown(second),
        path: second,
        problem: `two config files in one folder; keep ${CONFIG_FILE_NAMES[0]} or ${CONFIG_FILE_NAMES[1]}, not both (the other is ${this.shown(first)})`,
      });
    }
    if (present[0] !== undefined) return present[0];
    const parent = dirname(dir);
    return parent === dir ? undefined : this.nearest(parent);
  }

  private load(path: string, shown: string): Promise<ResolvedConfig> {
    let pending = this.byFile.get(path);
    if (!pending) {
      pending = loadConfigFile(path, shown, this.cwd, this.catalog);
      this.byFile.set(path, pending);
    }
    return pending;
  }

  /** Configs inside the working folder are named relative to it; others by their absolute path. */
  private shown(path: string): string {
    const rel = relative(this.cwd, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  }
}

async function exists(path: string, shown: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ConfigError({ file: shown, path, problem: 'is a directory, expected a config file' });
    return true;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new ConfigError({ file: shown, path, problem: fileProblem(error) }, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// Rules the config may name

type RuleKeyResolution = { ids: readonly string[] } | { problem: string };

/** Known rule ids and peer-id aliases, for checking the keys of `rules:` maps. */
class RuleCatalog {
  private readonly ids = new Set<string>();
  private readonly aliases = new Map<string, string[]>();

  constructor(knownRules: Iterable<string | KnownRule>, aliases: ReadonlyMap<string, readonly string[]> | undefined) {
    for (const rule of knownRules) {
      const id = typeof rule === 'string' ? rule : rule.id;
      this.ids.add(id);
      if (typeof rule !== 'string') for (const source of rule.sources ?? []) this.addAlias(source, id);
    }
    for (const [source, ids] of aliases ?? []) for (const id of ids) this.addAlias(source, id);
  }

  private addAlias(source: string, id: string): void {
    const key = normalizePeerId(source);
    const ids = this.aliases.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.aliases.set(key, ids);
  }

  resolve(key: string): RuleKeyResolution {
    if (this.ids.has(key)) return { ids: [key] };
    const peer = normalizePeerId(key);
    const ids = this.aliases.get(peer);
    if (ids) return { ids };
    if (peer.includes(':')) return { problem: `no drydock rule covers ${peer}` };
    const suggestion = closest(key, this.ids);
    return {
      problem: suggestion ? `unknown rule (did you mean ${suggestion}?)` : "unknown rule (see 'drydock rules' for the list)",
    };
  }
}

/** `DL3002` and `hadolint:dl3002` both mean `hadolint:DL3002`. */
function normalizePeerId(key: string): string {
  const code = /^(?:hadolint:)?((?:DL|SC)\d{4})$/i.exec(key);
  return code ? `hadolint:${code[1]!.toUpperCase()}` : key;
}

/** The nearest candidate within a few edits (case-insensitive), for "did you mean". */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

// ---------------------------------------------------------------------------------------------
// A loaded config

/** What one `rules:` entry changes; fields left out keep what came before. */
interface RulePatch {
  enabled?: boolean;
  severity?: Severity;
  options?: Readonly<Record<string, unknown>>;
}

type PathMatcher = (relPath: string) => boolean;

interface CompiledOverride {
  matches: PathMatcher;
  rules: ReadonlyMap<string, RulePatch>;
}

class FileConfig implements ResolvedConfig {
  private lastPath: string | undefined;
  private lastOverrides: CompiledOverride[] = [];

  constructor(
    readonly file: string | undefined,
    /** The folder patterns are relative to: the config file's own. */
    private readonly dir: string,
    private readonly cwd: string,
    readonly trustedRegistries: readonly string[],
    readonly secrets: SecretSettings,
    private readonly ignored: PathMatcher | undefined,
    private readonly rules: ReadonlyMap<string, RulePatch>,
    private readonly overrides: readonly CompiledOverride[],
  ) {}

  isIgnored(path: string): boolean {
    return this.ignored !== undefined && this.ignored(this.relativePath(path));
  }

  ruleSetting(ruleId: string, path: string): RuleSetting {
    let setting: RuleSetting = { enabled: true, severity: undefined, options: {} };
    setting = applyPatch(setting, this.rules.get(ruleId));
    for (const override of this.overridesFor(path)) setting = applyPatch(setting, override.rules.get(ruleId));
    return setting;
  }

  /** The engine asks once per rule for the same file; match the globs once per file. */
  private overridesFor(path: string): CompiledOverride[] {
    if (this.overrides.length === 0) return [];
    if (path !== this.lastPath) {
      const rel = this.relativePath(path);
      this.lastOverrides = this.overrides.filter((o) => o.matches(rel));
      this.lastPath = path;
    }
    return this.lastOverrides;
  }

  private relativePath(path: string): string {
    const rel = relative(this.dir, resolve(this.cwd, path));
    return sep === '/' ? rel : rel.split(sep).join('/');
  }
}

/** A severity turns a rule on unless the same entry says `enabled: false`. */
function applyPatch(setting: RuleSetting, patch: RulePatch | undefined): RuleSetting {
  if (!patch) return setting;
  return {
    enabled: patch.enabled ?? (patch.severity !== undefined ? true : setting.enabled),
    severity: patch.severity ?? setting.severity,
    options: patch.options ?? setting.options,
  };
}

function toPatch(value: RawRuleValue): RulePatch {
  if (value === 'off') return { enabled: false };
  if (typeof value === 'string') return { severity: value };
  const patch: RulePatch = {};
  if (value.enabled !== undefined) patch.enabled = value.enabled;
  if (value.severity !== undefined) patch.severity = value.severity;
  if (value.options !== undefined) patch.options = value.options;
  return patch;
}

// ---------------------------------------------------------------------------------------------
// Reading, parsing and validating a config file

/** A problem found in the config's content, before it is placed at a line and column. */
interface ContentProblem {
  /** Keys and indices from the top of the document to the offending node. */
  segments: readonly (string | number)[];
  /** Point at the key (unknown or misnamed keys) or at its value (wrong values). */
  at: 'key' | 'value';
  problem: string;
}

async function loadConfigFile(path: string, shown: string, cwd: string, catalog: RuleCatalog): Promise<ResolvedConfig> {
  const fail = (problem: string, cause?: unknown) => new ConfigError({ file: shown, path, problem }, { cause });
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw fail('is a directory, expected a config file');
    if (info.size > MAX_CONFIG_BYTES) throw fail(`too large for a config file (over ${MAX_CONFIG_BYTES / 1024} KiB)`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw fail(fileProblem(error), error);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw fail('not UTF-8 text', error);
  }

  // The CommonJS module object: Node and the esbuild bundle both hand it over as `default`.
  const { default: yaml } = await import('yaml');
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined, problem: string, keyPath?: string, cause?: unknown): ConfigError => {
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    return new ConfigError(
      { file: shown, path, problem, keyPath, ...(pos ? { line: pos.line, column: pos.col } : {}) },
      { cause },
    );
  };

  const yamlProblem = doc.errors[0] ?? doc.warnings[0];
  if (yamlProblem) {
    const offset = yamlProblem.pos[0];
    if (yamlProblem.code === 'DUPLICATE_KEY') {
      const segments = keyPathAtOffset(yaml, doc, offset);
      if (segments) throw at(offset, 'duplicate key', formatKeyPath(segments));
    }
    if (yamlProblem.code === 'MULTIPLE_DOCS') {
      throw at(offset, "YAML syntax error: a config is one YAML document; remove the '---' and what follows");
    }
    const kind = doc.errors.length > 0 ? 'YAML syntax error' : 'YAML error';
    throw at(offset, `${kind}: ${lowerFirst(yamlProblem.message)}`, undefined, yamlProblem);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias without its anchor (placed at the alias), or an alias bomb.
    let unresolved: number | undefined;
    yaml.visit(doc, {
      Alias(_, alias) {
        if (alias.resolve(doc) !== undefined) return undefined;
        unresolved = rangeStart(alias);
        return yaml.visit.BREAK;
      },
    });
    const message = error instanceof Error ? error.message : String(error);
    throw at(unresolved, `YAML error: ${lowerFirst(message)}`, undefined, error);
  }
  // An empty file, or one with only comments: the defaults.
  data ??= {};

  const placed = (found: ContentProblem): ConfigError =>
    at(offsetOf(yaml, doc, found), found.problem, formatKeyPath(found.segments) || undefined);

  const validate = await configValidator();
  if (!validate(data)) {
    const problems = (validate.errors ?? []).flatMap((e) => schemaProblem(e, data));
    throw placed(earliest(yaml, doc, problems));
  }
  const raw = data as RawConfig;
  const built = buildConfig(raw, catalog);
  if ('problems' in built) throw placed(earliest(yaml, doc, built.problems));

  return new FileConfig(path, dirname(path), cwd, built.trustedRegistries, built.secrets, built.ignored, built.rules, built.overrides);
}

function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, expected a config file';
  const raw = error instanceof Error ? error.message : String(error);
  return raw.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '') || 'cannot read';
}

let validatorPromise: Promise<ValidateFunction> | undefined;

/**
 * Compiled once per process, on the first config file. Checking the schema against the meta-schema
 * and optimising the generated code would triple the compile time (~40 ms instead of ~12 ms) on
 * every run that has a config; the schema is checked in the tests instead.
 */
function configValidator(): Promise<ValidateFunction> {
  validatorPromise ??= import('ajv').then(({ default: ajvModule }) => {
    const Ajv = ajvModule.default;
    return new Ajv(CONFIG_AJV_OPTIONS).compile(CONFIG_SCHEMA as unknown as object);
  });
  return validatorPromise;
}

/** Words ajv's errors the way a user reads them; `[]` for errors that only echo another one. */
function schemaProblem(error: ErrorObject, data: unknown): ContentProblem[] {
  const segments = pointerSegments(error.instancePath, data);
  const value = valueAt(data, segments);
  switch (error.keyword) {
    case 'if':
      // "must match the then/else schema": the error from that branch says what is wrong.
      return [];
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys(schemaAt(error.schemaPath.replace(/\/additionalProperties$/, ''))?.properties ?? {});
      const suggestion = closest(key, allowed);
      const hint = suggestion ? `did you mean ${suggestion}?` : `expected ${orList(allowed)}`;
      return [{ segments: [...segments, key], at: 'key', problem: `unknown key (${hint})` }];
    }
    case 'required':
      return [{ segments, at: 'value', problem: `missing key '${String(error.params.missingProperty)}'` }];
    case 'type':
      if (error.schemaPath === RULE_VALUE_TYPE_PATH) {
        return [
          {
            segments,
            at: 'value',
            problem: `expected ${orList([...RULE_LEVELS])}, or a mapping with severity, enabled and options; got ${describeValue(value)}`,
          },
        ];
      }
      return [{ segments, at: 'value', problem: `expected ${typeName(String(error.params.type))}, got ${describeValue(value)}` }];
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const longForm = segments[segments.length - 1] === 'severity' && allowed.length === RULE_SEVERITIES.length;
      const hint =
        longForm && value === 'off' ? `expected ${orList(allowed)}; to turn the rule off, use enabled: false` : `expected ${orList(allowed)}`;
      return [{ segments, at: 'value', problem: `unknown severity ${describeValue(value)} (${hint})` }];
    }
    case 'minItems':
      return [{ segments, at: 'value', problem: 'must list at least one pattern' }];
    case 'minLength':
      return [{ segments, at: 'value', problem: 'must not be empty' }];
    default:
      return [{ segments, at: 'value', problem: error.message ?? `fails the ${error.keyword} check` }];
  }
}

/** The sub-schema a `#/...` schema path points at. */
function schemaAt(schemaPath: string): { properties?: Record<string, unknown> } | undefined {
  let node: unknown = CONFIG_SCHEMA;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (part === '') continue;
    node = (node as Record<string, unknown> | undefined)?.[decodePointer(part)];
  }
  return node as { properties?: Record<string, unknown> } | undefined;
}

/** JSON pointer (`/overrides/0/files`) to segments, indices as numbers where the data is a list. */
function pointerSegments(pointer: string, data: unknown): (string | number)[] {
  const segments: (string | number)[] = [];
  let node = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = decodePointer(part);
    const segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  }
  return segments;
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(data: unknown, segments: readonly (string | number)[]): unknown {
  let node = data;
  for (const segment of segments) node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node;
}

/** `rules.root-user`, `overrides[0].files[2]`, `rules["odd.key"]`. */
function formatKeyPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_:-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function typeName(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    boolean: 'true or false',
    number: 'a number',
    integer: 'a whole number',
  };
  return names[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return String(value);
}

/** `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

// ---------------------------------------------------------------------------------------------
// Checks the schema cannot make: rule ids, glob patterns, registry names

interface BuiltConfig {
  rules: Map<string, RulePatch>;
  overrides: CompiledOverride[];
  ignored: PathMatcher | undefined;
  trustedRegistries: string[];
  secrets: SecretSettings;
}

function buildConfig(raw: RawConfig, catalog: RuleCatalog): BuiltConfig | { problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const rules = buildRules(raw.rules ?? {}, ['rules'], catalog, problems);
  const overrides = (raw.overrides ?? []).map((override, i) => ({
    matches: compilePatterns(override.files, ['overrides', i, 'files'], problems) ?? (() => false),
    rules: buildRules(override.rules, ['overrides', i, 'rules'], catalog, problems),
  }));
  const ignored = raw.ignore && raw.ignore.length > 0 ? compilePatterns(raw.ignore, ['ignore'], problems) : undefined;
  const trustedRegistries = (raw.trustedRegistries ?? []).map((registry, i) => {
    const problem = registryProblem(registry);
    if (problem) problems.push({ segments: ['trustedRegistries', i], at: 'value', problem });
    return registry;
  });
  const secrets = buildSecretSettings(raw.secrets ?? {}, problems);
  return problems.length > 0 ? { problems } : { rules, overrides, ignored, trustedRegistries, secrets };
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/** `16MiB`, `500 kB`, `1048576`: a byte count, or undefined when it is none. */
export function parseByteSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

function buildSecretSettings(raw: NonNullable<RawConfig['secrets']>, problems: ContentProblem[]): SecretSettings {
  let maxFileSize: number | undefined;
  if (raw.maxFileSize !== undefined) {
    maxFileSize = parseByteSize(raw.maxFileSize);
    if (maxFileSize === undefined) {
      problems.push({ segments: ['secrets', 'maxFileSize'], at: 'value', problem: 'not a size: write bytes (1048576) or a number with a unit (16MiB, 500kB)' });
    }
  }
  const skipPaths = (raw.skipPaths ?? []).map((written, i) => {
    const pattern = written.replace(/^\/+/, '');
    try {
      micromatch.makeRe(pattern, { dot: true });
    } catch (error) {
      problems.push({ segments: ['secrets', 'skipPaths', i], at: 'value', problem: `not a valid glob pattern: ${error instanceof Error ? error.message : String(error)}` });
    }
    return pattern;
  });
  return {
    maxFileSize,
    skipPaths,
    defaultSkips: raw.defaultSkips ?? true,
    minConfidence: raw.minConfidence ?? 'medium',
  };
}

function buildRules(
  entries: Record<string, RawRuleValue>,
  where: (string | number)[],
  catalog: RuleCatalog,
  problems: ContentProblem[],
): Map<string, RulePatch> {
  const patches = new Map<string, RulePatch>();
  const setBy = new Map<string, string>();
  for (const [key, value] of Object.entries(entries)) {
    const resolved = catalog.resolve(key);
    if ('problem' in resolved) {
      problems.push({ segments: [...where, key], at: 'key', problem: resolved.problem });
      continue;
    }
    for (const id of resolved.ids) {
      const earlier = setBy.get(id);
      if (earlier !== undefined) {
        problems.push({
          segments: [...where, key],
          at: 'key',
          problem: `sets ${id}, already set by ${formatKeyPath([...where, earlier])}; keep one`,
        });
        continue;
      }
      setBy.set(id, key);
      patches.set(id, toPatch(value));
    }
  }
  return patches;
}

/**
 * micromatch globs against paths relative to the config's folder. `!pattern` excludes: a path
 * matches when it matches some plain pattern (or there are none) and no `!` pattern.
 */
function compilePatterns(patterns: readonly string[], where: (string | number)[], problems: ContentProblem[]): PathMatcher | undefined {
  const include: PathMatcher[] = [];
  const exclude: PathMatcher[] = [];
  const before = problems.length;
  patterns.forEach((written, i) => {
    const negated = written.startsWith('!');
    const pattern = (negated ? written.slice(1) : written).replace(/^(?:\.\/)+/, '');
    const fail = (problem: string) => problems.push({ segments: [...where, i], at: 'value', problem });
    if (pattern === '') return fail("a pattern needs more than '!' or './'");
    if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) {
      return fail("patterns are relative to the config file's folder; remove the leading /");
    }
    try {
      (negated ? exclude : include).push(micromatch.matcher(pattern, { dot: true }));
    } catch (error) {
      fail(`not a valid glob pattern: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (problems.length > before) return undefined;
  return (rel) => (include.length === 0 || include.some((m) => m(rel))) && !exclude.some((m) => m(rel));
}

const REGISTRY = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

function registryProblem(registry: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(registry)) return `'${registry}' has a URL scheme; write the registry host alone (like ghcr.io/acme)`;
  if (!REGISTRY.test(registry)) return `'${registry}' is not a registry host or host/path (like registry.corp.example or ghcr.io/acme)`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Positions in the YAML source

type YamlModule = typeof import('yaml');

/** The problem nearest the top of the file, so fixing errors goes top to bottom. */
function earliest(yaml: YamlModule, doc: Document, problems: ContentProblem[]): ContentProblem {
  let best = problems[0]!;
  let bestOffset = offsetOf(yaml, doc, best) ?? Infinity;
  for (const candidate of problems.slice(1)) {
    const offset = offsetOf(yaml, doc, candidate) ?? Infinity;
    if (offset < bestOffset) {
      best = candidate;
      bestOffset = offset;
    }
  }
  return best;
}

/** Where a problem sits in the source: the key, or the value (the key when the value is empty). */
function offsetOf(yaml: YamlModule, doc: Document, problem: ContentProblem): number | undefined {
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  let lastOffset = rangeStart(doc.contents);
  for (const segment of problem.segments) {
    if (yaml.isAlias(node)) node = node.resolve(doc);
    if (yaml.isMap(node)) {
      const pair = node.items.find((p) => keyText(yaml, p.key) === String(segment));
      if (!pair) return lastOffset;
      keyNode = yaml.isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (yaml.isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      keyNode = undefined;
    } else {
      return lastOffset;
    }
    lastOffset = rangeStart(node) ?? rangeStart(keyNode) ?? lastOffset;
  }
  const keyOffset = rangeStart(keyNode);
  if (problem.at === 'key' && keyOffset !== undefined) return keyOffset;
  const emptyValue = node === null || node === undefined || (yaml.isScalar(node) && node.value === null && node.source === '');
  return emptyValue && keyOffset !== undefined ? keyOffset : lastOffset;
}

function keyText(yaml: YamlModule, key: unknown): string {
  if (yaml.isScalar(key)) return String(key.value);
  return String(key);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** The key path of the map key that starts at `offset` (for duplicate-key errors). */
function keyPathAtOffset(yaml: YamlModule, doc: Document, offset: number): (string | number)[] | undefined {
  const search = (node: unknown, segments: (string | number)[]): (string | number)[] | undefined => {
    if (yaml.isMap(node)) {
      for (const pair of node.items) {
        const here = [...segments, keyText(yaml, pair.key)];
        if (rangeStart(pair.key) === offset) return here;
        const inner = search(pair.value, here);
        if (inner) return inner;
      }
    } else if (yaml.isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const inner = search(node.items[i], [...segments, i]);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}
