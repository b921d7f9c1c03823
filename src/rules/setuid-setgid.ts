import type { InstructionModel } from '../dockerfile/model.js';
import type { RunAnalysis } from '../dockerfile/shell.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { finalFiles, layerName, slashed } from './image-helpers.js';
import { candidateModes, chmodFlag, describeTargets, modeEffect, modeSettings, removedLater, shellIf, valueRange, type ModeSetting, type RunText } from './shell-helpers.js';

type Bits = 'setuid' | 'setgid' | 'setuid and setgid';

const OWNER: Record<Bits, string> = { setuid: 'owner', setgid: 'group', 'setuid and setgid': 'owner and group' };

const messages = {
  image: (path: string, bits: Bits, mode: string, owner: string, layer: string) =>
    `${path} has the ${bits} ${bits === 'setuid and setgid' ? 'bits' : 'bit'} (mode ${mode}, ${owner}), from ${layer}: it runs with the privileges of its ${OWNER[bits]} whoever starts it, so any flaw in it becomes a privilege escalation. Drop the bit unless the image needs the program (\`chmod u-s,g-s ${path}\`, or for all: \`find / -xdev -perm /6000 -type f -exec chmod a-s {} +\`).`,
  file: (what: string, targets: string, bits: Bits) =>
    `\`${what}\` gives ${targets} the ${bits} ${bits === 'setuid and setgid' ? 'bits' : 'bit'}: such a program runs with the privileges of its ${OWNER[bits]} (usually root) whoever starts it, so any flaw in it becomes a privilege escalation. Drop the bit (e.g. mode 0755); if the program needs privileges, run that step as root at build time or grant a narrow capability at run time.`,
  directory: (what: string, targets: string) =>
    `\`${what}\` sets the setgid bit on ${targets}: files created there inherit the group. That is a common pattern for shared folders, but image scanners report every setgid path (CIS 4.8); prefer giving the folder to the runtime user, or suppress this finding with a reason if the shared group is intended.`,
};

export default defineRule({
  meta: {
    id: 'setuid-setgid',
    title: 'File given the setuid or setgid bit',
    severity: 'warning',
    securitySeverity: 6.5,
    tags: ['security', 'privilege', 'cis'],
    sources: ['dockle:CIS-DI-0008', 'cis-docker:4.8'],
    fixable: false,
    docs: {
      description:
        'Reports RUN commands that set the setuid or setgid bit: `chmod` with `u+s`, `g+s`, `+s` or an octal mode with 4xxx, 2xxx or 6xxx (`-R` and several files included), `install -m 4755`, `mkdir -m 2775`, and `chmod` run by `find -exec`, `xargs` or `sudo`; and `COPY`/`ADD --chmod` with such a mode. Modes that only remove the bits (`a-s`, `u-s`, `0755`) never fire. Setting setgid on a directory (files created in it inherit its group) still fires, with a message that says so.',
      rationale:
        'A setuid or setgid executable runs with the privileges of its owner or group, usually root, whoever starts it. Any bug in it, or in a library it loads, becomes a way for an unprivileged process in the container to gain root. Images should carry as few of these as possible (CIS Docker Benchmark 4.8). Do not add the bit; run the step that needs privileges at build time as root, or grant a narrow capability at run time.',
      incorrect: [
        { code: 'FROM debian:12\nCOPY mytool /usr/local/bin/mytool\nRUN chmod 4755 /usr/local/bin/mytool\n' },
        { code: 'FROM alpine:3.20\nCOPY --chmod=u+s,a+rx helper /usr/local/bin/helper\n', note: 'The bit set by COPY --chmod.' },
        { code: 'FROM debian:12\nRUN mkdir -p /srv/shared && chmod g+s /srv/shared\n', note: 'A setgid directory is reported too, with its own message.' },
      ],
      correct: [
        { code: 'FROM debian:12\nCOPY mytool /usr/local/bin/mytool\nRUN chmod 0755 /usr/local/bin/mytool\n' },
        { code: 'FROM debian:12\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n', note: 'Removing the bits is what hardening wants.' },
      ],
      image:
        'In a scanned image: every regular file (hardlinks included) of the final filesystem with the setuid or setgid bit, one finding per file, naming its mode, owner and the layer that wrote it. Files that lost the bit or were deleted in a later layer, and folders, are not reported.',
    },
    messages,
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      const analysis = shellIf(ctx, ins, maySetSpecialBits);
      if (analysis) checkRun(ctx, analysis);
    },
    COPY: (ins) => checkCopy(ctx, ins),
    ADD: (ins) => checkCopy(ctx, ins),
  }),
  image: checkImage,
});

/**
 * Prefilter (see shell-helpers): some mode the RUN may give chmod, install or mkdir sets a special
 * bit, so the common `chmod +x` and `chmod 755` are never parsed.
 */
export function maySetSpecialBits(text: RunText): boolean {
  return candidateModes(text).some((mode) => specialBits(mode) !== undefined);
}

function checkRun(ctx: DockerfileContext, analysis: RunAnalysis): void {
  const settings = modeSettings(analysis);
  const created = createdDirectories(settings, analysis);
  for (const setting of settings) {
    const bits = specialBits(setting.mode);
    if (!bits || removedLater(analysis, setting)) continue;
    const directories = !setting.recursive && setting.targets.length > 0 && (setting.directories || setting.targets.every((t) => t.value !== undefined && created.has(t.value)));
    const what = describeSetting(setting);
    const found = setting.invocation.find;
    const names = describeTargets(setting.targets);
    const targets = found ? `the ${found.directoriesOnly ? 'directories' : 'files'} that find selects` : directories ? `${setting.targets.length > 1 ? 'directories' : 'directory'} ${names}` : names;
    ctx.report({
      range: valueRange(analysis, setting.part),
      message:
        bits === 'setgid' && directories
          ? messages.directory(what, targets)
          : messages.file(what, targets, bits),
      subject: `${what} ${targets}`,
    });
  }
}

function checkCopy(ctx: DockerfileContext, ins: InstructionModel): void {
  const flag = chmodFlag(ins);
  const bits = flag && specialBits(flag.mode);
  if (!flag || !bits) return;
  const keyword = ins.instruction.keyword;
  ctx.report({
    range: flag.range,
    message: messages.file(`${keyword} --chmod=${flag.mode}`, `the ${keyword === 'ADD' ? 'added' : 'copied'} files`, bits),
    subject: `--chmod=${flag.mode}`,
});
}

/** Which special bits a mode sets, if any. */
function specialBits(mode: string): Bits | undefined {
  const effect = modeEffect(mode);
  if (!effect) return undefined;
  const suid = effect.setuid === 'set';
  const sgid = effect.setgid === 'set';
  return suid && sgid ? 'setuid and setgid' : suid ? 'setuid' : sgid ? 'setgid' : undefined;
}

/** Paths that `mkdir` creates in the same RUN: a later `chmod g+s` on them targets a directory. */
function createdDirectories(settings: ModeSetting[], analysis: RunAnalysis): Set<string> {
  const out = new Set<string>();
  for (const command of analysis.script.commands) {
    const name = command.name?.value;
    if (name !== 'mkdir' && !name?.endsWith('/mkdir')) continue;
    for (const arg of command.args) if (arg.value && !arg.value.startsWith('-')) out.add(arg.value);
  }
  for (const s of settings) if (s.directories) for (const t of s.targets) if (t.value) out.add(t.value);
  return out;
}

function describeSetting(s: ModeSetting): string {
  if (s.tool === 'chmod') return `chmod ${s.recursive ? '-R ' : ''}${s.mode}`;
  return `${s.tool} -m ${s.mode}`;
}

/** Every regular file (hardlinks too) of the final filesystem with a special bit; folders never. */
function checkImage(ctx: ImageContext): void {
  for (const v of finalFiles(ctx.image)) {
    const special = v.entry.mode & 0o6000;
    if (special === 0) continue;
    const bits: Bits = special === 0o6000 ? 'setuid and setgid' : special === 0o4000 ? 'setuid' : 'setgid';
    const mode = v.entry.mode.toString(8).padStart(4, '0');
    const owner = special & 0o4000 ? `owner uid ${v.entry.uid}` : `group gid ${v.entry.gid}`;
    ctx.report({
      version: v,
      message: messages.image(slashed(v.entry.path), bits, mode, owner, layerName(ctx.image, v.layer)),
      properties: { mode },
    });
  }
}
