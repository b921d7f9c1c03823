/**
 * The resolved model of a Dockerfile: stages, the build graph, and for every instruction the state
 * it runs in (variables, USER, WORKDIR, SHELL) with its arguments expanded where Docker expands them.
 *
 * Semantics follow BuildKit's dockerfile2llb. Notable rules:
 * - ARGs before the first FROM are global: FROM lines see them; a stage sees one only after
 *   re-declaring it with `ARG NAME` (no value inherits the global default).
 * - Variables live in one ordered scope per stage; the latest ENV or ARG of a name wins.
 * - `FROM <stage>` inherits that stage's whole state: ENV, ARGs, USER, WORKDIR and SHELL.
 * - A file with no FROM at all (a fragment, as in hadolint-style tests) is one implicit stage whose
 *   base is unknown; ARGs in it are stage ARGs. If a FROM exists but other instructions come before
 *   it, the implicit stage starts at the first of them and earlier ARGs stay global.
 * - ONBUILD triggers are modelled with the state at the ONBUILD line, marked `deferred`; they never
 *   change the state, since they run in a later build.
 */
import { posix } from 'node:path';
import type { DockerfileAst, Flag, Instruction, Range, Span } from './ast.js';
import { expandWord, type Expansion, type VarBinding } from './expand.js';
import {
  parseArgPairs,
  parseNameValuePairs,
  splitCsvFields,
  splitOnBlanks,
  unquoteFlagValue,
  type RawPair,
} from './pairs.js';
import { LineIndex, logicalRangeToFile } from './positions.js';
import { subSpan } from './span.js';

/** Where a variable's current value comes from. */
export type VarOrigin = 'env' | 'arg' | 'builtin';

/** A variable in scope at some instruction. */
export interface ScopedVar extends VarBinding {
  name: string;
  /** `env` persists into the image; `arg` exists only while building; `builtin` is set by BuildKit. */
  origin: VarOrigin;
  /** The ENV or ARG that set it; undefined for builtins. */
  declaredBy: Instruction | undefined;
}

export type VarScope = ReadonlyMap<string, ScopedVar>;

/** A piece of instruction text and Docker's expansion of it. */
export interface ResolvedText {
  /** The text as written (quotes kept) with its file range. */
  raw: Span;
  expansion: Expansion;
  /**
   * File range of each of `expansion.references`, same order. Undefined when the expanded text is
   * not `raw.value` itself (a JSON element is decoded first), so offsets cannot be mapped.
   */
  referenceRanges: Range[] | undefined;
}

/** An ENV, LABEL or ARG pair. */
export interface ResolvedPair {
  /** Expanded for ENV and LABEL; ARG names are never expanded. */
  key: ResolvedText;
  /** Undefined for a bare `ARG NAME`. */
  value: ResolvedText | undefined;
  /** The variable this pair defines (ENV and ARG); undefined for LABEL. */
  binding: ScopedVar | undefined;
}

/** A flag whose value Docker expands (`--chown`, `--chmod`, `--checksum`, FROM `--platform`). */
export interface ResolvedFlag {
  flag: Flag;
  /** Expansion of the value after Docker's flag unquoting; reference offsets index that text. */
  expansion: Expansion;
}

/** An image reference split into its parts, as Docker's reference grammar reads it. */
export interface ImageReference {
  text: string;
  /** The registry host as written (`ghcr.io`, `host:5000`, `localhost`), or undefined for Docker Hub. */
  registry: string | undefined;
  /** The path after the registry, as written: `alpine`, `library/alpine`, `org/app`. */
  repository: string;
  tag: string | undefined;
  /** `algorithm:hex` after `@`. */
  digest: string | undefined;
  /** Registry with Docker's defaults applied: `docker.io` when none is written. */
  domain: string;
  /** Repository with Docker's defaults applied: `library/alpine` for an official image. */
  path: string;
  /** Whether every part matches Docker's reference grammar. */
  valid: boolean;
}

/** What `COPY --from` or `RUN --mount=from=` names. */
export type SourceReference =
  | { kind: 'stage'; text: string; stage: StageModel; by: 'name' | 'index' }
  /** Not a stage: BuildKit pulls it as an image (or a named build context). */
  | { kind: 'image'; text: string; image: ImageReference }
  /** Docker rejects it: a variable (not supported in `--from`), or a stage index out of range. */
  | { kind: 'invalid'; text: string; reason: 'variable' | 'index-out-of-range' };

/** One `RUN --mount=…`. */
export interface RunMount {
  flag: Flag;
  /** Lower-cased `type`, `bind` when absent. */
  type: string;
  /** Every field by lower-cased key, values expanded; a bare key (`ro`) has the value `''`. */
  options: ReadonlyMap<string, Expansion>;
  from: SourceReference | undefined;
  /** False when the CSV quoting is malformed (Docker rejects the mount). */
  valid: boolean;
}

/** The effective USER. */
export interface UserSetting {
  /** The USER instruction, possibly in an ancestor stage. */
  instruction: Instruction;
  stage: StageModel;
  /** Expanded value; `known: false` when an ARG or unknown variable is involved. */
  value: Expansion;
}

/** The effective WORKDIR. */
export interface WorkdirSetting {
  /** Absolute, normalized path. `/` when nothing set it (the base image's may differ; then unknown). */
  path: string;
  known: boolean;
  /** The last WORKDIR, possibly in an ancestor stage; undefined when the base image decides. */
  instruction: Instruction | undefined;
}

/** The effective SHELL (the shell that runs shell-form RUN, CMD and ENTRYPOINT). */
export interface ShellSetting {
  command: readonly string[];
  /** The SHELL instruction; undefined for Docker's default `/bin/sh -c` (a Windows base differs). */
  instruction: Instruction | undefined;
}

/** What a stage is built on. */
export type StageBase =
  | { kind: 'image'; text: ResolvedText; image: ImageReference }
  | { kind: 'stage'; text: ResolvedText; stage: StageModel }
  | { kind: 'scratch'; text: ResolvedText }
  /** The implicit stage of a fragment with no FROM. */
  | { kind: 'unknown' }
  /** FROM with no image, or one that expands to nothing (Docker fails). */
  | { kind: 'invalid'; text: ResolvedText | undefined };

/** An edge of the build graph. */
export interface StageDependency {
  stage: StageModel;
  /** `from`: the FROM parent; `copy`: COPY --from; `mount`: RUN --mount from; `onbuild`: a parent's ONBUILD trigger. */
  kind: 'from' | 'copy' | 'mount' | 'onbuild';
  instruction: Instruction;
}

/** The state a stage ends in: what a child stage inherits and the image is committed with. */
export interface StageState {
  scope: VarScope;
  user: UserSetting | undefined;
  workdir: WorkdirSetting;
  shell: ShellSetting;
}

export interface StageModel {
  index: number;
  /** The `AS` name, lower-cased as BuildKit does. */
  name: string | undefined;
  nameSpan: Span | undefined;
  /** The FROM instruction; undefined for the implicit stage of a fragment. */
  from: Instruction | undefined;
  base: StageBase;
  /** The FROM parent when the base is an earlier stage. */
  parent: StageModel | undefined;
  /** FROM `--platform`, expanded with the global ARGs. */
  platform: ResolvedFlag | undefined;
  /** The stage's instructions after FROM, in order (ONBUILD wrappers included). */
  instructions: InstructionModel[];
  end: StageState;
  dependencies: StageDependency[];
  /** True when building the final stage needs this stage (it is the final stage or an ancestor of it). */
  usedByFinal: boolean;
}

/** One instruction with the state it runs in. State fields describe the moment before it runs. */
export interface InstructionModel {
  instruction: Instruction;
  /** The stage it runs in; undefined for global ARGs. */
  stage: StageModel | undefined;
  /** An ONBUILD trigger: not executed in this build, resolved here against the ONBUILD line's state. */
  deferred: boolean;
  /** Variables its expansion sees. For FROM, the global scope. */
  scope: VarScope;
  /** Undefined when no USER is set in the stage or its ancestors (scratch: root; image: its own). */
  user: UserSetting | undefined;
  workdir: WorkdirSetting;
  shell: ShellSetting;
  /**
   * Arguments as Docker splits and expands them: the FROM image; the USER, WORKDIR or STOPSIGNAL
   * value; each EXPOSE port spec; each VOLUME path; each COPY/ADD source then the destination.
   * Empty for instructions Docker does not expand (RUN, CMD, ENTRYPOINT, HEALTHCHECK, SHELL…).
   */
  args: ResolvedText[];
  /** ENV, LABEL and ARG pairs. */
  pairs: ResolvedPair[];
  flags: ResolvedFlag[];
  /**
   * COPY/ADD heredoc bodies as Docker writes them, parallel to `instruction.heredocs`: expanded
   * (quotes are plain text there), or undefined for a quoted delimiter, which disables expansion.
   */
  heredocs: (Expansion | undefined)[];
  /** COPY `--from`. */
  copyFrom: SourceReference | undefined;
  mounts: RunMount[];
  /** The model of the trigger of an ONBUILD. */
  onbuild: InstructionModel | undefined;
}

export interface DockerfileModel {
  ast: DockerfileAst;
  /** Offset to line/column conversion for `ast.text`. */
  lines: LineIndex;
  /** ARG instructions before the first FROM. */
  globalArgs: InstructionModel[];
  /** What FROM lines see: BuildKit's platform builtins and the global ARGs. */
  globalScope: VarScope;
  stages: StageModel[];
  /** The last stage: what `docker build` produces without `--target`. */
  finalStage: StageModel | undefined;
  /** One entry per AST instruction, same order and index. */
  instructions: InstructionModel[];
}

/** Platform ARGs BuildKit defines in the global scope (values depend on the build). */
export const PLATFORM_ARGS: readonly string[] = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDOSVERSION',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETOSVERSION',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
];

/** Proxy ARGs Docker accepts with `--build-arg` without a declaration (RUN sees them; expansion needs `ARG`). */
export const PROXY_ARGS: readonly string[] = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
];

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** The PATH BuildKit sets when the base image has none (scratch), for Linux targets. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** ARGs BuildKit consumes itself and never puts in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** An undeclared name in a stage built on an image: the image's ENV may define it. */
const MAYBE_FROM_IMAGE: VarBinding = { value: undefined, certainty: 'overridable' };
const CERTAINLY_UNSET: VarBinding = { value: undefined, certainty: 'fixed' };

/** Builds the resolved model. Never throws; malformed instructions resolve as far as they can. */
export function buildDockerfileModel(ast: DockerfileAst): DockerfileModel {
  return new ModelBuilder(ast).build();
}

/** The stages `stage` needs, itself first, following FROM parents, COPY --from and mounts. */
export function stagesNeededBy(stage: StageModel): StageModel[] {
  const seen = new Set<StageModel>();
  const visit = (s: StageModel): void => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const d of s.dependencies) visit(d.stage);
  };
  visit(stage);
  return [...seen];
}

/** The first non-stage base up the FROM chain: the image, scratch, unknown or invalid base. */
export function rootBase(stage: StageModel): Exclude<StageBase, { kind: 'stage' }> {
  let s = stage;
  const seen = new Set<StageModel>();
  while (s.base.kind === 'stage' && !seen.has(s)) {
    seen.add(s);
    s = s.base.stage;
  }
  return s.base as Exclude<StageBase, { kind: 'stage' }>;
}

const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HOST_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-fA-F:]+\\])(?::\\d+)?$`);

/**
 * Splits an image reference. The first path component is a registry only when it has a `.` or `:`,
 * is `localhost`, or has upper-case letters (Docker's rule), so `host:5000/app` has no tag.
 */
export function parseImageReference(text: string): ImageReference {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const domain = registry === undefined || registry === 'index.docker.io' ? 'docker.io' : registry;
  const repoPath = domain === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  const valid =
    rest.split('/').every((c) => REPO_COMPONENT.test(c)) &&
    (registry === undefined || DOMAIN.test(registry)) &&
    (tag === undefined || TAG.test(tag)) &&
    (digest === undefined || DIGEST.test(digest));
  return { text, registry, repository: rest, tag, digest, domain, path: repoPath, valid };
}

/** The running state of the stage being built. */
interface Running extends StageState {
  stage: StageModel | undefined;
  /** What an undeclared name means in this stage. */
  undeclared: VarBinding;
}

/** A COPY --from or mount source waiting for all stages to be known (it may name a later one). */
interface PendingSource {
  text: string;
  model: InstructionModel;
  kind: 'copy' | 'mount';
  byIndex: boolean;
  assign: (ref: SourceReference) => void;
}

class ModelBuilder {
  private readonly lines: LineIndex;
  private readonly escapeChar: '\\' | '`';
  private globalScope: VarScope = builtinScope();
  private readonly stages: StageModel[] = [];
  private readonly models: InstructionModel[] = [];
  private readonly globalArgs: InstructionModel[] = [];
  private readonly pending: PendingSource[] = [];
  private running: Running | undefined;

  constructor(private readonly ast: DockerfileAst) {
    this.lines = new LineIndex(ast.text);
    this.escapeChar = ast.escapeChar;
  }

  build(): DockerfileModel {
    const hasFrom = this.ast.instructions.some((i) => i.keyword === 'FROM');
    for (const instruction of this.ast.instructions) {
      if (instruction.keyword === 'FROM') this.startStage(instruction);
      else if (!this.running && instruction.keyword === 'ARG' && hasFrom) this.globalArg(instruction);
      else {
        if (!this.running) this.startImplicitStage();
        this.models.push(this.stageInstruction(instruction, false));
      }
    }
    this.finishStage();
    this.resolveSources();
    const finalStage = this.stages[this.stages.length - 1];
    if (finalStage) for (const s of stagesNeededBy(finalStage)) s.usedByFinal = true;
    return {
      ast: this.ast,
      lines: this.lines,
      globalArgs: this.globalArgs,
      globalScope: this.globalScope,
      stages: this.stages,
      finalStage,
      instructions: this.models,
    };
  }

  // ---- stages ----

  private startStage(from: Instruction): void {
    this.finishStage();
    const words = splitOnBlanks(from.args.value);
    const imageWord = words[0];
    const nameWord = words.length === 3 && words[1]!.text.toLowerCase() === 'as' ? words[2] : undefined;
    const globalState = this.globalState();
    const platformFlag = from.flags.find((f) => f.name === 'platform');
    const platform = platformFlag && this.resolveFlag(platformFlag, globalState);
    const text = imageWord && this.resolve(from.args, imageWord.start, imageWord.end, globalState);
    const stage = this.openStage({
      name: nameWord?.text.toLowerCase(),
      nameSpan: nameWord && subSpan(from.args, nameWord.start, nameWord.end, this.lines),
      from,
      base: this.resolveBase(text),
      platform,
    });
    if (stage.parent) stage.dependencies.push({ stage: stage.parent, kind: 'from', instruction: from });
    const model = this.emptyModel(from, stage, false, stage.end);
    model.scope = this.globalScope; // FROM expands with the global ARGs only
    if (text) model.args.push(text);
    if (platform) model.flags.push(platform);
    this.models.push(model);
  }

  private startImplicitStage(): void {
    const base: StageBase = { kind: 'unknown' };
    this.openStage({ name: undefined, nameSpan: undefined, from: undefined, base, platform: undefined });
  }

  /** Adds a stage and makes it the running one; `end` holds the initial state until it finishes. */
  private openStage(fields: Pick<StageModel, 'name' | 'nameSpan' | 'from' | 'base' | 'platform'>): StageModel {
    const initial = this.initialState(fields.base);
    const stage: StageModel = {
      index: this.stages.length,
      ...fields,
      parent: fields.base.kind === 'stage' ? fields.base.stage : undefined,
      instructions: [],
      end: this.stateOf(initial),
      dependencies: [],
      usedByFinal: false,
    };
    this.stages.push(stage);
    this.running = { ...initial, stage };
    return stage;
  }

  private finishStage(): void {
    const r = this.running;
    if (r?.stage) r.stage.end = this.stateOf(r);
  }

  /** Matches BuildKit: an earlier stage's (lower-cased) name, compared as written; then scratch. */
  private resolveBase(text: ResolvedText | undefined): StageBase {
    if (!text || text.expansion.value === '' || text.expansion.error) return { kind: 'invalid', text };
    const name = text.expansion.value;
    const stage = findLast(this.stages, (s) => s.name === name);
    if (stage) return { kind: 'stage', text, stage };
    if (name === 'scratch') return { kind: 'scratch', text };
    return { kind: 'image', text, image: parseImageReference(name) };
  }

  private initialState(base: StageBase): Running {
    if (base.kind === 'stage') {
      const parentEnd = base.stage.end;
      const undeclared = rootBase(base.stage).kind === 'scratch' ? CERTAINLY_UNSET : MAYBE_FROM_IMAGE;
      return { ...parentEnd, stage: undefined, undeclared };
    }
    const shell: ShellSetting = { command: DEFAULT_SHELL, instruction: undefined };
    if (base.kind === 'scratch') {
      const path: ScopedVar = { name: 'PATH', value: DEFAULT_PATH, certainty: 'fixed', origin: 'builtin', declaredBy: undefined };
      return {
        stage: undefined,
        scope: new Map([['PATH', path]]),
        user: undefined,
        workdir: { path: '/', known: true, instruction: undefined },
        shell,
        undeclared: CERTAINLY_UNSET,
      };
    }
    return {
      stage: undefined,
      scope: new Map(),
      user: undefined,
      workdir: { path: '/', known: false, instruction: undefined },
      shell,
      undeclared: MAYBE_FROM_IMAGE,
    };
  }

  private globalState(): Running {
    return {
      stage: undefined,
      scope: this.globalScope,
      user: undefined,
      workdir: { path: '/', known: false, instruction: undefined },
      shell: { command: DEFAULT_SHELL, instruction: undefined },
      undeclared: CERTAINLY_UNSET,
    };
  }

  private stateOf(r: Running): StageState {
    return { scope: r.scope, user: r.user, workdir: r.workdir, shell: r.shell };
  }

  // ---- instructions ----

  private globalArg(instruction: Instruction): void {
    const state = this.globalState();
    const model = this.emptyModel(instruction, undefined, false, state);
    model.pairs = this.argPairs(instruction, state, (name) => state.scope.get(name));
    this.globalScope = state.scope;
    this.globalArgs.push(model);
    this.models.push(model);
  }

  /** Resolves one instruction of the running stage and applies its effect unless `deferred`. */
  private stageInstruction(instruction: Instruction, deferred: boolean): InstructionModel {
    const live = this.running!;
    // A deferred trigger works on a copy so that it cannot change the stage's state.
    const state: Running = deferred ? { ...live } : live;
    const model = this.emptyModel(instruction, state.stage, deferred, state);
    if (!deferred) state.stage!.instructions.push(model);
    this.dispatch(model, state);
    return model;
  }

  private dispatch(model: InstructionModel, state: Running): void {
    const ins = model.instruction;
    switch (ins.keyword) {
      case 'ARG':
        model.pairs = this.argPairs(ins, state, (name) => this.inheritedArg(name, state));
        break;
      case 'ENV':
        model.pairs = this.envPairs(ins, state, true);
        break;
      case 'LABEL':
        model.pairs = this.envPairs(ins, state, false);
        break;
      case 'USER':
        this.user(model, state);
        break;
      case 'WORKDIR':
        this.workdir(model, state);
        break;
      case 'STOPSIGNAL':
        model.args.push(this.resolve(ins.args, 0, ins.args.value.length, state));
        break;
      case 'EXPOSE':
        model.args = splitOnBlanks(ins.args.value).map((w) => this.resolve(ins.args, w.start, w.end, state));
        break;
      case 'VOLUME':
        model.args = this.listArgs(ins, state);
        break;
      case 'COPY':
      case 'ADD':
        this.copy(model, state);
        break;
      case 'RUN':
        model.mounts = ins.flags.filter((f) => f.name === 'mount').map((f) => this.mount(f, model, state));
        break;
      case 'SHELL':
        if (ins.exec && ins.exec.length > 0) state.shell = { command: ins.exec, instruction: ins };
        break;
      case 'ONBUILD':
        if (ins.onbuild) model.onbuild = this.stageInstruction(ins.onbuild, true);
        break;
      default:
        break;
    }
  }

  private emptyModel(
    instruction: Instruction,
    stage: StageModel | undefined,
    deferred: boolean,
    state: StageState,
  ): InstructionModel {
    return {
      instruction,
      stage,
      deferred,
      scope: state.scope,
      user: state.user,
      workdir: state.workdir,
      shell: state.shell,
      args: [],
      pairs: [],
      flags: [],
      heredocs: [],
      copyFrom: undefined,
      mounts: [],
      onbuild: undefined,
    };
  }

  private user(model: InstructionModel, state: Running): void {
    const ins = model.instruction;
    const text = this.resolve(ins.args, 0, ins.args.value.length, state);
    model.args.push(text);
    state.user = { instruction: ins, stage: state.stage!, value: text.expansion };
  }

  /** BuildKit joins a relative WORKDIR onto the current one. */
  private workdir(model: InstructionModel, state: Running): void {
    const ins = model.instruction;
    const text = this.resolve(ins.args, 0, ins.args.value.length, state);
    model.args.push(text);
    const requested = text.expansion.value;
    const absolute = requested.startsWith('/');
    const joined = absolute ? posix.normalize(requested) : posix.join(state.workdir.path, requested);
    state.workdir = {
      path: joined.length > 1 ? joined.replace(/\/+$/, '') : joined,
      known: text.expansion.known && (absolute || state.workdir.known),
      instruction: ins,
    };
  }

  private copy(model: InstructionModel, state: Running): void {
    const ins = model.instruction;
    const expanded = ins.keyword === 'ADD' ? ['chown', 'chmod', 'checksum'] : ['chown', 'chmod'];
    model.flags = ins.flags.filter((f) => expanded.includes(f.name)).map((f) => this.resolveFlag(f, state));
    model.args = this.listArgs(ins, state);
    // BuildKit always expands heredoc files with `\` as the escape, whatever the directive says.
    model.heredocs = ins.heredocs.map((h) =>
      h.quoted ? undefined : expandWord(h.body, state.scope, { undeclared: state.undeclared, skipQuotes: true }),
    );
    const from = ins.keyword === 'COPY' ? findLast(ins.flags, (f) => f.name === 'from') : undefined;
    if (from?.value) {
      const text = unquoteFlagValue(from.value.value, this.escapeChar);
      const assign = (ref: SourceReference): void => {
        model.copyFrom = ref;
      };
      this.pending.push({ text, model, kind: 'copy', byIndex: true, assign });
    }
  }

  private mount(flag: Flag, model: InstructionModel, state: Running): RunMount {
    const raw = flag.value ? unquoteFlagValue(flag.value.value, this.escapeChar) : '';
    const fields = splitCsvFields(raw);
    const options = new Map<string, Expansion>();
    const mount: RunMount = { flag, type: 'bind', options, from: undefined, valid: fields !== undefined };
    for (const field of fields ?? []) {
      const eq = field.value.indexOf('=');
      const key = (eq === -1 ? field.value : field.value.slice(0, eq)).toLowerCase();
      // BuildKit never expands `from`; it rejects variables there instead.
      const value = eq === -1 ? '' : field.value.slice(eq + 1);
      options.set(key, key === 'from' ? literal(value) : this.expand(value, state));
    }
    const type = options.get('type');
    if (type) mount.type = type.value.toLowerCase();
    const from = options.get('from');
    if (from) {
      const assign = (ref: SourceReference): void => {
        mount.from = ref;
      };
      this.pending.push({ text: from.value, model, kind: 'mount', byIndex: false, assign });
    }
    return mount;
  }

  /** COPY/ADD/VOLUME arguments: JSON elements, or Docker's blank-separated words. */
  private listArgs(ins: Instruction, state: Running): ResolvedText[] {
    if (ins.form === 'exec' && ins.exec) {
      return ins.words.map((w, i) => ({
        raw: w,
        expansion: this.expand(ins.exec![i] ?? '', state),
        referenceRanges: undefined,
      }));
    }
    return splitOnBlanks(ins.args.value).map((w) => this.resolve(ins.args, w.start, w.end, state));
  }

  // ---- variables ----

  /** ARG pairs, applied one by one: a later default may use an earlier ARG of the same line. */
  private argPairs(
    ins: Instruction,
    state: Running,
    inherit: (name: string) => ScopedVar | undefined,
  ): ResolvedPair[] {
    const { pairs } = parseArgPairs(ins.args.value, this.escapeChar);
    return pairs.map((pair) => {
      const key = this.literalText(ins.args, pair.key.start, pair.key.end);
      const name = pair.key.text;
      let value: ResolvedText | undefined;
      let binding: ScopedVar;
      if (pair.value) {
        value = this.resolve(ins.args, pair.value.start, pair.value.end, state);
        binding = { name, value: value.expansion.value, certainty: 'overridable', origin: 'arg', declaredBy: ins };
      } else {
        binding = this.bareArg(name, ins, inherit(name));
      }
      if (!NON_ENV_ARGS.has(name)) state.scope = withVar(state.scope, binding);
      return { key, value, binding };
    });
  }

  /** `ARG NAME` keeps what it inherits, but a `--build-arg` may now replace it. */
  private bareArg(name: string, ins: Instruction, inherited: ScopedVar | undefined): ScopedVar {
    if (!inherited) return { name, value: undefined, certainty: 'overridable', origin: 'arg', declaredBy: ins };
    const certainty = inherited.certainty === 'opaque' ? 'opaque' : 'overridable';
    return { ...inherited, name, certainty, origin: 'arg', declaredBy: ins };
  }

  /**
   * What a bare `ARG NAME` in a stage starts from: the global value if there is one (BuildKit's
   * rule), otherwise whatever the stage already has under that name (an ENV stays the default).
   */
  private inheritedArg(name: string, state: Running): ScopedVar | undefined {
    const global = this.globalScope.get(name);
    if (global && (global.value !== undefined || global.certainty === 'opaque')) return global;
    return state.scope.get(name);
  }

  /** ENV and LABEL: every pair is expanded against the scope before the instruction. */
  private envPairs(ins: Instruction, state: Running, defines: boolean): ResolvedPair[] {
    const before = { ...state };
    return parseNameValuePairs(ins.args.value, this.escapeChar).pairs.map((pair) => {
      const resolved = this.resolvePair(ins, pair, before);
      if (!defines || !resolved.value) return resolved;
      const known = resolved.key.expansion.known && resolved.value.expansion.known;
      const binding: ScopedVar = {
        name: resolved.key.expansion.value,
        value: resolved.value.expansion.value,
        certainty: known ? 'fixed' : 'overridable',
        origin: 'env',
        declaredBy: ins,
      };
      state.scope = withVar(state.scope, binding);
      return { ...resolved, binding };
    });
  }

  private resolvePair(ins: Instruction, pair: RawPair, state: Running): ResolvedPair {
    return {
      key: this.resolve(ins.args, pair.key.start, pair.key.end, state),
      value: pair.value && this.resolve(ins.args, pair.value.start, pair.value.end, state),
      binding: undefined,
    };
  }

  private resolveFlag(flag: Flag, state: Running): ResolvedFlag {
    const raw = flag.value ? unquoteFlagValue(flag.value.value, this.escapeChar) : '';
    return { flag, expansion: this.expand(raw, state) };
  }

  private resolve(span: Span, start: number, end: number, state: Running): ResolvedText {
    const raw = subSpan(span, start, end, this.lines);
    const expansion = this.expand(raw.value, state);
    const referenceRanges = expansion.references.map((r) => {
      const [s, e] = logicalRangeToFile(raw.segments, r.start, r.end);
      return this.lines.range(s, e);
    });
    return { raw, expansion, referenceRanges };
  }

  private literalText(span: Span, start: number, end: number): ResolvedText {
    const raw = subSpan(span, start, end, this.lines);
    return { raw, expansion: literal(raw.value), referenceRanges: [] };
  }

  private expand(text: string, state: Running): Expansion {
    return expandWord(text, state.scope, { escapeChar: this.escapeChar, undeclared: state.undeclared });
  }

  // ---- build graph ----

  /** BuildKit resolves sources after all stages exist, so COPY --from may name a later stage. */
  private resolveSources(): void {
    for (const p of this.pending) {
      const ref = this.sourceReference(p.text, p.byIndex);
      p.assign(ref);
      const owner = p.model.stage;
      if (ref.kind !== 'stage' || !owner) continue;
      const instruction = p.model.instruction;
      if (!p.model.deferred) owner.dependencies.push({ stage: ref.stage, kind: p.kind, instruction });
    }
    this.addOnbuildDependencies();
  }

  /** A stage built FROM another runs that parent's ONBUILD triggers, with their sources. */
  private addOnbuildDependencies(): void {
    for (const stage of this.stages) {
      if (!stage.parent) continue;
      for (const m of stage.parent.instructions) {
        const trigger = m.onbuild;
        if (!trigger) continue;
        const sources = [trigger.copyFrom, ...trigger.mounts.map((x) => x.from)];
        for (const src of sources) {
          if (src?.kind !== 'stage') continue;
          stage.dependencies.push({ stage: src.stage, kind: 'onbuild', instruction: m.instruction });
        }
      }
    }
  }

  private sourceReference(text: string, byIndex: boolean): SourceReference {
    const expanded = expandWord(text, new Map(), { escapeChar: this.escapeChar }).value;
    if (expanded !== text) return { kind: 'invalid', text, reason: 'variable' };
    if (byIndex && /^[+-]?\d+$/.test(text)) {
      const stage = this.stages[Number(text)];
      if (!stage) return { kind: 'invalid', text, reason: 'index-out-of-range' };
      return { kind: 'stage', text, stage, by: 'index' };
    }
    const lower = text.toLowerCase();
    const stage = findLast(this.stages, (s) => s.name === lower);
    if (stage) return { kind: 'stage', text, stage, by: 'name' };
    return { kind: 'image', text, image: parseImageReference(text) };
  }
}

function builtinScope(): VarScope {
  return new Map(
    PLATFORM_ARGS.map((name) => [
      name,
      { name, value: undefined, certainty: 'opaque', origin: 'builtin', declaredBy: undefined } satisfies ScopedVar,
    ]),
  );
}

function withVar(scope: VarScope, v: ScopedVar): VarScope {
  const next = new Map(scope);
  next.set(v.name, v);
  return next;
}

/** Text Docker uses as written (ARG names, mount `from`). */
function literal(text: string): Expansion {
  const words = text === '' ? [] : [text];
  return { value: text, known: true, unknownVars: [], undefinedVars: [], words, references: [], error: undefined };
}

function findLast<T>(items: readonly T[], pred: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i]!)) return items[i];
  return undefined;
}
