import type { Range } from '../dockerfile/ast.js';
import type { InstructionModel } from '../dockerfile/model.js';
import type { RunAnalysis, ShellWord } from '../dockerfile/shell.js';
import { defineRule, type DockerfileContext } from '../engine/rule.js';
import {
  COMMAND_START,
  commandsNamed,
  CURL_OPTIONS,
  invocations,
  namePattern,
  partRange,
  readArgs,
  shellIf,
  spanRange,
  WORD_END,
  wordRange,
  type Arg,
  type Invocation,
  type RunText,
} from './shell-helpers.js';

// Prefilter (see shell-helpers): everything the RUN check reports is written as one of the option,
// setting or variable names below, except `curl -k` (a letter in a cluster), `zypper ar -G`, `[trusted=yes]`
// (only for remote repositories) and `--allow-untrusted` (not for `apk index`), which get their own.

/**
 * Option, setting and variable names, lower-cased: the text is lower-cased before the test, which
 * takes the check's case-insensitive spellings (`http.sslVerify`, `--INSECURE`) in, and is faster
 * than a case-insensitive pattern.
 */
const KEYWORDS =
  /insecure|check[-_]?cert|trusted[-_]host|strict[-_]?ssl|ssl_?verify|ssl-no-verify|verify-ssl|tls-?verify|skip-tls|unauthenticated|force-yes|no-?gpg-?checks?|gpgcheck[ \t]*=[ \t]*(?:0|false|no|off)|nosignature|nodigest|noverify|disable-tls|secure-http|verify-(?:peer|host)|node_tls|pythonhttpsverify|git_ssl|curlrc/;
const CURL = new RegExp(namePattern('curl'), 'g');
/** A short-option cluster with `k` before any letter that takes a value (see readArgs). */
const K_CLUSTER = new RegExp(`(?<![^\\s])-[^\\s\\-${CURL_OPTIONS.shortValue}]*k`);
const ZYPPER = new RegExp(namePattern('zypper'), 'g');
const ZYPPER_ADDREPO_G = new RegExp(`(?<![^\\s])-G${WORD_END}[\\s\\S]*${namePattern('ar|addrepo')}|${namePattern('ar|addrepo')}[\\s\\S]*(?<![^\\s])-G${WORD_END}`);
/** The [trusted=yes] CONFIG_TEXT pattern, on text as written and unquoted: one of them holds the echoed value as the check sees it. */
const TRUSTED_REPO = /\[[^\]\n]*\btrusted=yes\b[^\]\n]*\]\s*(?!file:|copy:|cdrom:)(?=\S)/;
/** `apk index --allow-untrusted …`: indexing local packages installs nothing, so the check never reports it. */
const APK_INDEX = new RegExp(`${COMMAND_START}(?:sudo\\s+)?(?:\\S*/)?apk\\s+index\\b[^;&|\\n()\`]*--allow-untrusted`, 'g');

/** Whether the RUN may turn off a TLS or signature check the way the RUN check reports. */
export function mayDisableVerification(text: RunText): boolean {
  const { raw, words } = text;
  return (
    KEYWORDS.test(words.toLowerCase()) ||
    (K_CLUSTER.test(words) && commandsNamed(text, CURL).some((curl) => K_CLUSTER.test(curl))) ||
    (words.includes('-G') && commandsNamed(text, ZYPPER).some((zypper) => ZYPPER_ADDREPO_G.test(zypper))) ||
    (words.includes('trusted=yes') && (TRUSTED_REPO.test(raw) || TRUSTED_REPO.test(words))) ||
    (words.includes('--allow-untrusted') && words.replace(APK_INDEX, '').includes('--allow-untrusted'))
  );
}

type Check = 'tls' | 'signatures';

const messages = {
  tls: (what: string, fix: string) =>
    `\`${what}\` turns off TLS certificate verification: anyone on the network path (a proxy, a hijacked mirror or DNS) can serve this build their own files and they are accepted. ${fix}`,
  signatures: (what: string, fix: string) =>
    `\`${what}\` turns off package signature verification: tampered packages, or packages from an impostor mirror, install without a warning. ${fix}`,
};

const FIX = {
  curl: 'Remove it; for a private CA pass it with `--cacert` or add it to the system store (`update-ca-certificates`).',
  wget: 'Remove it; for a private CA pass it with `--ca-certificate` or add it to the system store (`update-ca-certificates`).',
  pip: 'Remove it; for an index with a private CA, point pip at the CA (`--cert`, `PIP_CERT`).',
  npm: 'Remove it; for a registry with a private CA, set `cafile` to the CA bundle.',
  git: 'Remove it; for a private CA, set `http.sslCAInfo` to the CA bundle.',
  node: 'Remove it; for a private CA, set `NODE_EXTRA_CA_CERTS` to the CA bundle.',
  python: 'Remove it; for a private CA, add it to the system store or set `SSL_CERT_FILE`/`REQUESTS_CA_BUNDLE`.',
  go: 'Remove it; for a private module proxy with its own CA, add the CA to the system store.',
  conda: 'Remove it; for a private CA, set `ssl_verify` to the CA bundle path.',
  ruby: 'Remove it; for a private CA, set `SSL_CERT_FILE` to the CA bundle.',
  composer: 'Remove it; for a private CA, set `cafile` to the CA bundle.',
  generic: 'Remove it and trust the server\'s CA instead (add it to the system store).',
  apk: 'Install signed packages; sign your own with `abuild-sign` and add the public key to /etc/apk/keys.',
  rpm: 'Keep gpgcheck on and import the repository\'s key (`rpm --import <key>`).',
  apt: 'Keep verification on and give the repository its signing key (`[signed-by=/usr/share/keyrings/<repo>.gpg]`).',
};

export default defineRule({
  meta: {
    id: 'tls-verification-disabled',
    title: 'TLS or package signature verification disabled',
    severity: 'error',
    securitySeverity: 7.5,
    tags: ['security', 'supply-chain', 'tls'],
    sources: [
      'checkov:CKV2_DOCKER_2', 'checkov:CKV2_DOCKER_3', 'checkov:CKV2_DOCKER_4', 'checkov:CKV2_DOCKER_5', 'checkov:CKV2_DOCKER_6',
      'checkov:CKV2_DOCKER_7', 'checkov:CKV2_DOCKER_8', 'checkov:CKV2_DOCKER_9', 'checkov:CKV2_DOCKER_10', 'checkov:CKV2_DOCKER_11',
      'checkov:CKV2_DOCKER_12', 'checkov:CKV2_DOCKER_13', 'checkov:CKV2_DOCKER_14', 'checkov:CKV2_DOCKER_15', 'checkov:CKV2_DOCKER_16',
      'cis-docker:4.11',
    ],
    fixable: false,
    docs: {
      description:
        'Reports what turns off TLS certificate or package signature checks during the build: `curl -k`/`--insecure` (also inside `-fsSLk`), `wget --no-check-certificate`, pip `--trusted-host` (and `pip config set …trusted-host`), `npm`/`yarn`/`pnpm` `strict-ssl false`, `git config http.sslVerify false` and `git -c http.sslVerify=false`, `conda … ssl_verify false`, `composer config disable-tls true`/`secure-http false`, `bundle config ssl_verify_mode 0`, `--insecure-skip-tls-verify`, `--tls-verify=false` and `--no-verify-ssl` on any tool; `apk --allow-untrusted`, `yum`/`dnf`/`microdnf`/`tdnf` `--nogpgcheck` or `--setopt=gpgcheck=0`/`sslverify=0`, `zypper --no-gpg-checks`, `rpm --nosignature`/`--nodigest`/`--noverify`, `apt-get --allow-unauthenticated`/`--allow-insecure-repositories`/`--force-yes` and the matching `-o` settings; the same settings written to config files (`[trusted=yes]` apt sources, `Verify-Peer "false"`, `gpgcheck=0`, `check_certificate = off`, `insecure` in .curlrc, …); and the variables `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY` (any value), `PIP_TRUSTED_HOST`, `NPM_CONFIG_STRICT_SSL=false`, `GOINSECURE`, `GOFLAGS=-insecure`, `CONDA_SSL_VERIFY=false`, `BUNDLE_SSL_VERIFY_MODE=0`, in ENV, ARG or RUN. `wget -k` is `--convert-links`, not insecure. Local package repositories (`deb [trusted=yes] file:…`, `apk index --allow-untrusted`, `apk add --allow-untrusted` of local files that the same RUN does not download) are fine.',
      rationale:
        'TLS and package signatures are what ties the bytes a build installs to the people who published them. Without them, anyone on the network path between the builder and the server, or anyone controlling a mirror, decides what goes into the image, and nothing in the build log shows it. Fix the trust store (add the private CA, import the repository key) instead of turning the check off.',
      incorrect: [
        { code: 'FROM debian:12\nRUN curl -fsSLk -o /usr/local/bin/tool https://example.com/tool && chmod +x /usr/local/bin/tool\n' },
        { code: 'FROM node:22-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN npm ci\n' },
        { code: 'FROM alpine:3.20\nRUN wget https://example.com/pkg.apk && apk add --allow-untrusted pkg.apk && rm pkg.apk\n' },
      ],
      correct: [
        { code: 'FROM debian:12\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && curl -fsSL -o /usr/local/bin/tool https://internal.example.com/tool\n' },
        { code: 'FROM debian:12\nRUN wget -k -r -np https://example.com/docs/\n', note: '`wget -k` converts links; it is not insecure.' },
      ],
    },
    messages,
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      const analysis = shellIf(ctx, ins, mayDisableVerification);
      if (analysis) checkRun(ctx, analysis);
    },
    ENV: (ins) => checkPairs(ctx, ins),
    ARG: (ins) => checkPairs(ctx, ins),
  }),
});

/** A finding before it is worded. */
interface Hit {
  range: Range;
  what: string;
  check: Check;
  fix: string;
}

function report(ctx: DockerfileContext, hit: Hit): void {
  ctx.report({ range: hit.range, message: messages[hit.check](hit.what, hit.fix), subject: hit.what });
}

// ---------------------------------------------------------------------------------------------
// Variables

const FALSE = /^(?:false|no|off|0)$/i;
const TRUE = /^(?:true|yes|on|1)$/i;

/** Variables that turn a check off, with the values that do (`undefined`: being set at all). */
const VARIABLES: Record<string, { off: (value: string) => boolean; fix: string }> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: (v) => v === '0', fix: FIX.node },
  PYTHONHTTPSVERIFY: { off: (v) => v === '0', fix: FIX.python },
  // git tests only whether the variable exists, so even `=0` or `=false` disables verification.
  GIT_SSL_NO_VERIFY: { off: () => true, fix: `git skips verification whenever this variable is set, even to 0, false or nothing. ${FIX.git}` },
  PIP_TRUSTED_HOST: { off: (v) => v.trim() !== '', fix: FIX.pip },
  NPM_CONFIG_STRICT_SSL: { off: (v) => FALSE.test(v), fix: FIX.npm },
  npm_config_strict_ssl: { off: (v) => FALSE.test(v), fix: FIX.npm },
  YARN_ENABLE_STRICT_SSL: { off: (v) => FALSE.test(v), fix: FIX.npm },
  GOINSECURE: { off: (v) => v.trim() !== '', fix: FIX.go },
  GOFLAGS: { off: (v) => /(?:^|\s)-insecure\b/.test(v), fix: FIX.go },
  CONDA_SSL_VERIFY: { off: (v) => FALSE.test(v), fix: FIX.conda },
  BUNDLE_SSL_VERIFY_MODE: { off: (v) => v === '0', fix: FIX.ruby },
};

/**
 * ENV and stage ARG pairs; a bare `ARG NAME` counts with the global default it takes over. Global
 * ARGs alone only reach FROM lines, so they are judged where a stage declares them.
 */
function checkPairs(ctx: DockerfileContext, ins: InstructionModel): void {
  if (!ins.stage) return;
  for (const pair of ins.pairs) {
    const name = pair.binding?.name ?? pair.key.expansion.value;
    const variable = Object.hasOwn(VARIABLES, name) ? VARIABLES[name] : undefined;
    const value = pair.value ? pair.value.expansion.value : ins.instruction.keyword === 'ARG' ? pair.binding?.value : undefined;
    if (!variable || value === undefined || !variable.off(value)) continue;
    const range = pair.value ? spanRange(pair.key.raw.range, pair.value.raw.range) : pair.key.raw.range;
    report(ctx, { range, what: `${name}=${value}`, check: 'tls', fix: variable.fix });
  }
}

// ---------------------------------------------------------------------------------------------
// RUN

function checkRun(ctx: DockerfileContext, analysis: RunAnalysis): void {
  const all = invocations(analysis);
  const downloads = all.some((inv) => inv.program === 'curl' || inv.program === 'wget' || inv.program === 'fetch');
  for (const inv of all) {
    for (const hit of [...assignments(analysis, inv), ...commandHits(analysis, inv, downloads), ...configText(analysis, inv)]) report(ctx, hit);
  }
}

/** `NAME=value cmd`, bare `NAME=value`, `export NAME=value`, `env NAME=value cmd`. */
function assignments(analysis: RunAnalysis, inv: Invocation): Hit[] {
  if (inv.find) return [];
  const found: { name: string; value: ShellWord; start: number; end: number }[] = [...inv.command.assignments];
  const wrapped = [inv.command.name, ...inv.command.args].filter((w): w is ShellWord => !!w && w.start < (inv.name?.start ?? Infinity));
  for (const w of wrapped) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value ?? '');
    if (m) found.push({ name: m[1]!, value: { ...w, value: m[2] }, start: w.start, end: w.end });
  }
  const hits: Hit[] = [];
  for (const a of found) {
    const variable = Object.hasOwn(VARIABLES, a.name) ? VARIABLES[a.name] : undefined;
    if (!variable || a.value.value === undefined || !variable.off(a.value.value)) continue;
    hits.push({ range: analysis.toRange(a.start, a.end), what: `${a.name}=${a.value.value}`, check: 'tls', fix: variable.fix });
  }
  return hits;
}

const PACKAGE_RPM = new Set(['yum', 'dnf', 'microdnf', 'tdnf', 'yum-config-manager']);
const APT = new Set(['apt-get', 'apt', 'aptitude']);
/** Flags that mean "skip TLS verification" whatever tool takes them. */
const GENERIC_FLAGS = /^--(?:insecure|insecure-skip-tls-verify(?:=true)?|skip-tls-verify(?:=true)?|tls-verify=false|tlsverify=false|no-verify-ssl|ssl-no-verify)$/i;
/** Programs whose arguments are data, not their own options. */
const DATA_PROGRAMS = new Set(['echo', 'printf', 'grep', 'egrep', 'fgrep', 'sed', 'awk', 'test', '[', 'cat', 'tee']);

function commandHits(analysis: RunAnalysis, inv: Invocation, downloads: boolean): Hit[] {
  const program = inv.program;
  if (!program || DATA_PROGRAMS.has(program)) return [];
  const hits: Hit[] = [];
  const flag = (word: ShellWord, what: string, check: Check, fix: string) => hits.push({ range: wordRange(analysis, word), what, check, fix });
  const words = inv.args;
  const values = words.map((w) => w.value ?? '');

  if (program === 'curl') {
    for (const a of readArgs(words, CURL_OPTIONS)) {
      if (a.kind === 'short' && a.letter === 'k') {
        const range = a.word.value === '-k' ? wordRange(analysis, a.word) : partRange(analysis, a.word, a.at, a.at + 1);
        hits.push({ range, what: 'curl -k', check: 'tls', fix: FIX.curl });
      }
      if (a.kind === 'long' && /^(?:insecure|proxy-insecure|doh-insecure)$/.test(a.name)) flag(a.word, `curl --${a.name}`, 'tls', FIX.curl);
    }
    return hits;
  }
  words.forEach((w, i) => {
    const v = values[i]!;
    if (program === 'wget' && (v === '--no-check-certificate' || /^--check-certificate=(?:off|no|0|false)$/i.test(v))) flag(w, `wget ${v}`, 'tls', FIX.wget);
    else if (GENERIC_FLAGS.test(v) && program !== 'wget') flag(w, `${program} ${v}`, 'tls', FIX.generic);
    else if (/^--(?:trusted-host|allow-insecure-host)(?:=|$)/.test(v) && /^(?:pip[\d.]*|python[\d.]*|uv|pipenv|pipx|poetry)$/.test(program)) {
      const next = v.includes('=') ? w : (words[i + 1] ?? w);
      hits.push({ range: spanRange(wordRange(analysis, w), wordRange(analysis, next)), what: `${/^python/.test(program) ? 'pip' : program} ${v.split('=')[0]}`, check: 'tls', fix: FIX.pip });
    } else if (program === 'apk' && v === '--allow-untrusted' && !localApk(inv, downloads)) flag(w, 'apk --allow-untrusted', 'signatures', FIX.apk);
    else if ((PACKAGE_RPM.has(program) || program === 'zypper') && /^--(?:nogpgcheck|no-gpg-checks?|no-gpgcheck)$/.test(v)) flag(w, `${program} ${v}`, 'signatures', FIX.rpm);
    else if (program === 'zypper' && v === '-G' && values.some((x) => x === 'ar' || x === 'addrepo')) flag(w, 'zypper addrepo -G', 'signatures', FIX.rpm);
    else if (PACKAGE_RPM.has(program)) setopt(analysis, program, w, v, words[i + 1], hits);
    else if (program === 'rpm' && /^--(?:nosignature|nodigest|noverify)$/.test(v)) flag(w, `rpm ${v}`, 'signatures', FIX.rpm);
    else if (APT.has(program)) aptOption(analysis, program, w, v, words[i + 1], hits);
  });
  hits.push(...settingCommands(analysis, inv));
  return hits;
}

/** `apk add --allow-untrusted ./local.apk` with nothing downloaded in the same RUN: packages this build made. */
function localApk(inv: Invocation, downloads: boolean): boolean {
  const operands = readArgs(inv.args, { shortValue: 'pXto', longValue: ['repository', 'root', 'virtual', 'keys-dir', 'arch', 'output'] }).filter((a): a is Extract<Arg, { kind: 'operand' }> => a.kind === 'operand');
  // `apk index` builds an index of local packages; it installs nothing.
  if (operands[0]?.word.value === 'index') return true;
  if (downloads) return false;
  const packages = operands.slice(1);
  return packages.length > 0 && packages.every((a) => /\.apk$/.test(a.word.value ?? a.word.text) && !/^[a-z]+:\/\//.test(a.word.value ?? ''));
}

/** `--setopt=gpgcheck=0`, `--setopt=*.sslverify=false`, `--setopt sslverify=0`. */
function setopt(analysis: RunAnalysis, program: string, w: ShellWord, v: string, next: ShellWord | undefined, hits: Hit[]): void {
  const value = v.startsWith('--setopt=') ? v.slice('--setopt='.length) : v === '--setopt' ? next?.value : undefined;
  const m = value === undefined ? null : /^(?:[^=]*\.)?(gpgcheck|repo_gpgcheck|sslverify)=(.*)$/i.exec(value);
  if (!m || !FALSE.test(m[2]!)) return;
  const range = v === '--setopt' && next ? spanRange(wordRange(analysis, w), wordRange(analysis, next)) : wordRange(analysis, w);
  const tls = m[1]!.toLowerCase() === 'sslverify';
  hits.push({ range, what: `${program} --setopt=${value}`, check: tls ? 'tls' : 'signatures', fix: tls ? FIX.generic : FIX.rpm });
}

const APT_SETTINGS: { key: RegExp; off: RegExp; check: Check }[] = [
  { key: /^APT::Get::AllowUnauthenticated$/i, off: TRUE, check: 'signatures' },
  { key: /^Acquire::AllowInsecureRepositories$/i, off: TRUE, check: 'signatures' },
  { key: /^Acquire::AllowDowngradeToInsecureRepositories$/i, off: TRUE, check: 'signatures' },
  { key: /^Acquire::https(?:::[^:]+)?::Verify-(?:Peer|Host)$/i, off: FALSE, check: 'tls' },
];

/** apt's own flags, and `-o Key=value` / `-oKey=value` / `--option Key=value` settings. */
function aptOption(analysis: RunAnalysis, program: string, w: ShellWord, v: string, next: ShellWord | undefined, hits: Hit[]): void {
  if (/^--(?:allow-unauthenticated|allow-insecure-repositories|allow-untrusted|force-yes)$/.test(v)) {
    hits.push({ range: wordRange(analysis, w), what: `${program} ${v}`, check: 'signatures', fix: FIX.apt });
    return;
  }
  let setting: string | undefined;
  let last = w;
  if (v === '-o' || v === '--option') [setting, last] = [next?.value, next ?? w];
  else if (v.startsWith('--option=')) setting = v.slice('--option='.length);
  else if (/^-o./.test(v)) setting = v.slice(2);
  const m = setting === undefined ? null : /^([^=]+)=(.*)$/.exec(setting);
  const rule = m ? APT_SETTINGS.find((s) => s.key.test(m[1]!) && s.off.test(m[2]!.replace(/^"|"$/g, ''))) : undefined;
  if (!rule) return;
  hits.push({ range: spanRange(wordRange(analysis, w), wordRange(analysis, last)), what: `${program} -o ${setting}`, check: rule.check, fix: rule.check === 'tls' ? FIX.generic : FIX.apt });
}

/** `git config http.sslVerify false`, `git -c http.sslVerify=false`, `npm config set strict-ssl false`, … */
function settingCommands(analysis: RunAnalysis, inv: Invocation): Hit[] {
  const program = inv.program!;
  const words = inv.args;
  const hits: Hit[] = [];
  const pair = (keyAt: number, key: RegExp, off: RegExp, fix: string, label: string) => {
    const k = words[keyAt];
    const kv = k?.value;
    if (!k || kv === undefined) return;
    const eq = /^([^=]+)=(.*)$/.exec(kv);
    const [name, value, last] = eq ? [eq[1]!, eq[2]!, k] : [kv, words[keyAt + 1]?.value, words[keyAt + 1]];
    if (!key.test(name) || value === undefined || !off.test(value) || !last) return;
    hits.push({ range: spanRange(wordRange(analysis, k), wordRange(analysis, last)), what: `${label} ${name}${eq ? '=' : ' '}${value}`, check: 'tls', fix });
  };
  const values = words.map((w) => w.value);
  const after = (...path: string[]) => {
    for (let i = 0; i + path.length <= values.length; i++) if (path.every((p, j) => values[i + j] === p)) return i + path.length;
    return -1;
  };
  const skipOptions = (i: number) => {
    while (i >= 0 && i < values.length && values[i]?.startsWith('-') && !values[i]!.includes('=')) i++;
    return i;
  };
  if (program === 'git') {
    words.forEach((w, i) => {
      if (w.value === '-c') pair(i + 1, /^http\.(?:.+\.)?sslverify$/i, FALSE, FIX.git, 'git -c');
      if (w.value === 'config') {
        let k = i + 1;
        while (k < words.length && (values[k]?.startsWith('-') || values[k] === 'set')) k += values[k] === '--file' || values[k] === '-f' ? 2 : 1;
        pair(k, /^http\.(?:.+\.)?sslverify$/i, FALSE, FIX.git, 'git config');
      }
    });
  } else if (/^(?:npm|pnpm|yarn|npx)$/.test(program)) {
    const at = after('set');
    if (at >= 0) pair(skipOptions(at), /^(?:strict-ssl|enableStrictSsl)$/, FALSE, FIX.npm, `${program} config set`);
    words.forEach((w) => {
      if (w.value === '--no-strict-ssl' || /^--strict-ssl=(?:false|0|no)$/i.test(w.value ?? '')) hits.push({ range: wordRange(analysis, w), what: `${program} ${w.value}`, check: 'tls', fix: FIX.npm });
    });
  } else if (/^pip[\d.]*$/.test(program)) {
    const at = values.includes('config') ? after('set') : -1;
    if (at >= 0) pair(skipOptions(at), /^[a-z]+\.trusted-host$/, /./, FIX.pip, 'pip config set');
  } else if (/^(?:conda|mamba|micromamba)$/.test(program)) {
    const at = values.includes('config') ? after('--set') : -1;
    if (at >= 0) pair(at, /^ssl_verify$/, FALSE, FIX.conda, `${program} config --set`);
  } else if (program === 'composer') {
    const at = after('config');
    if (at >= 0) {
      pair(skipOptions(at), /^disable-tls$/, TRUE, FIX.composer, 'composer config');
      pair(skipOptions(at), /^secure-http$/, FALSE, FIX.composer, 'composer config');
    }
  } else if (program === 'bundle') {
    const at = Math.max(after('config', 'set'), after('config'));
    if (at >= 0) pair(skipOptions(at), /^ssl_verify_mode$/, /^0$/, FIX.ruby, 'bundle config');
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Config files written by echo, printf or heredocs

const CONFIG_TEXT: { pattern: RegExp; check: Check; fix: string; file?: RegExp; unless?: RegExp }[] = [
  { pattern: /Acquire::https?(?:::[^\s:"]+)?::Verify-(?:Peer|Host)\s*"?\s*(?:false|no|off|0)\b"?/i, check: 'tls', fix: FIX.generic },
  { pattern: /APT::Get::AllowUnauthenticated\s*"?\s*(?:true|yes|on|1)\b"?/i, check: 'signatures', fix: FIX.apt },
  { pattern: /Acquire::AllowInsecureRepositories\s*"?\s*(?:true|yes|on|1)\b"?/i, check: 'signatures', fix: FIX.apt },
  // Local repositories (file:, copy:, cdrom:) hold what this build made: trusting them is fine.
  { pattern: /\[[^\]\n]*\b(?:trusted|allow-insecure)=yes\b[^\]\n]*\]\s*(?!file:|copy:|cdrom:)(?=\S)/, check: 'signatures', fix: FIX.apt },
  { pattern: /^[ \t]*(?:gpgcheck|repo_gpgcheck)[ \t]*=[ \t]*(?:0|false|no)[ \t]*$/im, check: 'signatures', fix: FIX.rpm, unless: /baseurl\s*=\s*file:/i },
  { pattern: /^[ \t]*sslverify[ \t]*=[ \t]*(?:0|false|no)[ \t]*$/im, check: 'tls', fix: FIX.generic },
  { pattern: /^[ \t]*check_certificate[ \t]*=[ \t]*(?:off|0|no|false)[ \t]*$/im, check: 'tls', fix: FIX.wget },
  { pattern: /^[ \t]*strict-ssl[ \t]*[= ][ \t]*"?false"?[ \t]*$/im, check: 'tls', fix: FIX.npm },
  { pattern: /^[ \t]*trusted-host[ \t]*=[ \t]*\S[^\n]*/im, check: 'tls', fix: FIX.pip },
  { pattern: /^[ \t]*ssl_verify[ \t]*:[ \t]*(?:false|no)[ \t]*$/im, check: 'tls', fix: FIX.conda },
  { pattern: /^[ \t]*(?:-k|--insecure|insecure)[ \t]*$/m, check: 'tls', fix: FIX.curl, file: /(?:^|\/)[._]?curlrc$/ },
];

/** Settings in text that echo, printf, a here-string or a heredoc writes (`echo 'deb [trusted=yes] …' > x.list`). */
function configText(analysis: RunAnalysis, inv: Invocation): Hit[] {
  if (inv.find) return [];
  const hits: Hit[] = [];
  const files = inv.command.redirects.filter((r) => r.operator.startsWith('>')).map((r) => r.target?.value ?? '');
  if (inv.program === 'tee') files.push(...inv.args.map((w) => w.value ?? ''));
  const search = (text: string, at: (index: number, length: number) => Range) => {
    for (const c of CONFIG_TEXT) {
      if ((c.file && !files.some((f) => c.file!.test(f))) || c.unless?.test(text)) continue;
      const m = c.pattern.exec(text);
      if (!m) continue;
      const lead = m[0].length - m[0].trimStart().length;
      const found = m[0].trim();
      hits.push({ range: at(m.index + lead, found.length), what: found, check: c.check, fix: c.fix });
    }
  };
  if (inv.program === 'echo' || inv.program === 'printf') {
    for (const w of inv.args) {
      if (w.value === undefined) continue;
      // `echo -e` and printf turn `\n` into line breaks; positions then no longer match the source.
      const text = w.value.replace(/\\n/g, '\n');
      search(text, (i, n) => (text === w.value ? partRange(analysis, w, i, i + n) : wordRange(analysis, w)));
    }
  }
  for (const r of inv.command.redirects) {
    const doc = r.heredoc;
    if (doc) search(doc.body, (i, n) => (doc.stripTabs ? wordRange(analysis, r.target!) : analysis.toRange(doc.bodyStart + i, doc.bodyStart + i + n)));
    else if (r.operator === '<<<' && r.target?.value !== undefined) search(r.target.value, (i, n) => partRange(analysis, r.target!, i, i + n));
  }
  return hits;
}
