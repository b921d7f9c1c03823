import type { InstructionModel } from '../dockerfile/model.js';
import type { RunAnalysis } from '../dockerfile/shell.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { layerName, slashed } from './image-helpers.js';
import { candidateModes, chmodFlag, describeTargets, modeEffect, modeSettings, removedLater, shellIf, valueRange, type ModeSetting, type RunText } from './shell-helpers.js';

/** Base images ship these with the sticky bit; a symbolic `o+w` keeps it. */
const STICKY_BY_DEFAULT = new Set(['/tmp', '/tmp/', '/var/tmp', '/var/tmp/', '/dev/shm', '/dev/shm/']);

const messages = {
  imageFile: (path: string, mode: string, layer: string) =>
    `${path} is writable by every user (mode ${mode}), from ${layer}: any process in the container, however unprivileged or compromised, can replace it. Give it to the user that needs to write it, with a mode such as 644 or 755.`,
  imageFolder: (path: string, mode: string, layer: string) =>
    `${path}/ is a folder every user can write to without the sticky bit (mode ${mode}), from ${layer}: any process can delete or replace other users' files in it. Add the sticky bit (1777) for a shared scratch folder, or give it to the user that needs it.`,
  run: (what: string, targets: string) =>
    `\`${what}\` makes ${targets} writable by every user in the container: any process, however unprivileged or compromised, can then replace the code, configuration or data there. Give the files to the user that needs them (\`chown app:app …\` with mode 755/644), or use 1777 (the sticky bit) for a shared scratch directory.`,
  copy: (what: string, copied: string) =>
    `\`${what}\` makes the ${copied} files writable by every user in the container: any process, however unprivileged or compromised, can then replace them. Use \`--chown\` to give them to the user that needs to write them, with a mode such as 755 or 644.`,
};

export default defineRule({
  meta: {
    id: 'world-writable',
    title: 'File or directory made writable by everyone',
    severity: 'warning',
    securitySeverity: 5.5,
    tags: ['security', 'permissions'],
    sources: [],
    fixable: false,
    docs: {
      description:
        'Reports `chmod` (also `-R`, through `sudo`, `xargs` or `find -exec`), `install -m` and `mkdir -m` in RUN, and `COPY`/`ADD --chmod`, when the mode gives others write permission without the sticky bit: `777`, `666`, `o+w`, `a+w`, `a=rwx`. With the sticky bit (`1777`, `a+rwx,o+t`) only a file\'s owner can delete or rename it, which is how shared directories such as /tmp are meant to be, so those are fine. `+w` and `=rwx` without a class follow the umask (022 in a build) and do not make a file world-writable.',
      rationale:
        'Whatever is world-writable can be changed by every process in the container, including one running as nobody after a compromise. Writable code, configuration or libraries let an attacker persist or escalate, for example by replacing a script that root runs later. Give write access only to the user that needs it, through ownership.',
      incorrect: [
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN chmod -R 777 /app\nUSER node\n' },
        { code: 'FROM python:3.12-slim\nCOPY --chmod=666 settings.ini /etc/app/settings.ini\n' },
      ],
      correct: [
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN chmod -R 755 /app\nUSER node\n' },
        { code: 'FROM debian:12\nRUN mkdir -p /var/cache/app && chmod 1777 /var/cache/app\n', note: 'A shared directory with the sticky bit.' },
      ],
      image:
        'In a scanned image: world-writable regular files, and world-writable folders without the sticky bit, in the final filesystem. Symlinks (always 0777) and sticky folders such as `/tmp` are not reported.',
    },
    messages,
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      const analysis = shellIf(ctx, ins, mayMakeWorldWritable);
      if (analysis) checkRun(ctx, analysis);
    },
    COPY: (ins) => checkCopy(ctx, ins),
    ADD: (ins) => checkCopy(ctx, ins),
  }),
  image: checkImage,
});

/**
 * Prefilter (see shell-helpers): some mode the RUN may give chmod, install or mkdir lets others
 * write without the sticky bit, so `chmod +x`, `chmod 755` and `chmod 1777` are never parsed.
 */
export function mayMakeWorldWritable(text: RunText): boolean {
  return candidateModes(text).some((mode) => worldWritable(mode, undefined));
}

function checkRun(ctx: DockerfileContext, analysis: RunAnalysis): void {
  const settings = modeSettings(analysis);
  settings.forEach((setting, i) => {
    if (!worldWritable(setting.mode, setting) || stickyLater(setting, settings.slice(i + 1)) || removedLater(analysis, setting)) return;
    const what = setting.tool === 'chmod' ? `chmod ${setting.recursive ? '-R ' : ''}${setting.mode}` : `${setting.tool} -m ${setting.mode}`;
    const targets = setting.invocation.find
      ? `the ${setting.invocation.find.directoriesOnly ? 'directories' : 'files'} that find selects`
      : `${describeTargets(setting.targets)}${setting.recursive ? ` and everything under ${setting.targets.length > 1 ? 'them' : 'it'}` : ''}`;
    ctx.report({ range: valueRange(analysis, setting.part), message: messages.run(what, targets), subject: `${what} ${targets}` });
  });
}

/** `chmod 777 /x && chmod +t /x`: a later command of the same RUN adds the sticky bit. */
function stickyLater(setting: ModeSetting, later: ModeSetting[]): boolean {
  const sticky = new Set(later.filter((s) => modeEffect(s.mode)?.sticky === 'set').flatMap((s) => s.targets.map((t) => t.value)));
  return setting.targets.length > 0 && setting.targets.every((t) => t.value !== undefined && sticky.has(t.value));
}

function checkCopy(ctx: DockerfileContext, ins: InstructionModel): void {
  const flag = chmodFlag(ins);
  if (!flag || !worldWritable(flag.mode, undefined)) return;
  const keyword = ins.instruction.keyword;
  ctx.report({
    range: flag.range,
    message: messages.copy(`${keyword} --chmod=${flag.mode}`, keyword === 'ADD' ? 'added' : 'copied'),
    subject: `--chmod=${flag.mode}`,
});
}

/** Others may write and the sticky bit is not set (nor kept, for /tmp and the like). */
function worldWritable(mode: string, setting: ModeSetting | undefined): boolean {
  const effect = modeEffect(mode);
  if (!effect || effect.otherWrite !== 'set' || effect.sticky === 'set') return false;
  const keepsSticky = effect.sticky === 'unchanged' && setting !== undefined && setting.targets.length > 0;
  return !(keepsSticky && setting.targets.every((t) => t.value !== undefined && STICKY_BY_DEFAULT.has(t.value)));
}

/** World-writable regular files, and world-writable folders without the sticky bit. */
function checkImage(ctx: ImageContext): void {
  for (const v of ctx.image.fs.final()) {
    const { type, mode, path } = v.entry;
    if ((mode & 0o002) === 0) continue;
    const shown = mode.toString(8).padStart(4, '0');
    if (type === 'file' || type === 'hardlink') {
      ctx.report({ version: v, message: messages.imageFile(slashed(path), shown, layerName(ctx.image, v.layer)), properties: { mode: shown } });
    } else if (type === 'directory' && (mode & 0o1000) === 0) {
      ctx.report({ version: v, message: messages.imageFolder(slashed(path), shown, layerName(ctx.image, v.layer)), properties: { mode: shown } });
    }
  }
}
