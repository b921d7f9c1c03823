import type { InstructionModel } from '../dockerfile/model.js';
import { defineRule, type ImageContext } from '../engine/rule.js';
import { layerName, slashed } from './image-helpers.js';
import { invocations, namePattern, programOf, rawOffset, shellIf, wordRange, type RunText } from './shell-helpers.js';

// Prefilter (see shell-helpers): sudo reported is a program or a wrapper, so the name is in the
// text. Most RUNs that name sudo install it or configure it (`apt-get install sudo`, `usermod -aG
// sudo app`, /etc/sudoers): there it is an argument of a command that runs none of its arguments.

const SUDO = new RegExp(namePattern('sudo'), 'g');
/** Commands whose arguments are never run as commands: package managers, user and group tools, text tools. */
const ARGUMENTS_ONLY = new Set([
  'apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'tdnf', 'zypper', 'pacman', 'emerge', 'rpm', 'dpkg',
  'useradd', 'usermod', 'adduser', 'addgroup', 'groupadd', 'gpasswd', 'deluser', 'delgroup',
  'echo', 'printf', 'grep', 'sed', 'chmod', 'chown', 'chgrp', 'visudo', 'which', 'rm', 'cp', 'mv', 'ls', 'cat', 'tee', 'mkdir', 'touch', 'ln',
]);

/**
 * Whether some `sudo` in the RUN may be run: one that is not an argument of an {@link ARGUMENTS_ONLY}
 * command, judged by the first word of its simple command as written (list, pipe, subshell and
 * substitution boundaries all end one; `NAME=value` prefixes, quoted values too, are skipped).
 */
export function mayRunSudo(text: RunText): boolean {
  const { words } = text;
  if (!words.includes('sudo')) return false;
  for (const m of words.matchAll(SUDO)) {
    const at = rawOffset(text, m.index);
    if (at < 0) return true;
    const command = text.raw.slice(0, at).replace(/\\\r?\n/g, '').split(/[;&|\n(){}`]/).pop()!;
    const first = /^\s*(?:\w+=(?:"[^"]*"|'[^']*'|[^\s"'])*\s+)*(\S*)/.exec(command)![1]!;
    if (!ARGUMENTS_ONLY.has(first.slice(first.lastIndexOf('/') + 1))) return true;
  }
  return false;
}

const messages = {
  imagePresent: (path: string, layer: string) =>
    `${path} is installed, from ${layer}: sudo in a container is a ready path to root for any process that finds a usable rule or password, and containers rarely need it (steps that need root run as root at build time). Remove the package.`,
  asRoot: (command: string, user: string) =>
    `\`${command}\` in RUN: this step already runs as ${user}, so sudo only adds a dependency on the sudo package and its sudoers rules, and hides which user really runs what. Drop sudo; to run a step as another user, switch with USER (or use \`gosu\`/\`su-exec\`).`,
  asUser: (command: string, user: string) =>
    `\`${command}\` in RUN: this step runs as ${user} and borrows root through sudo, which needs the sudo package and a sudoers rule in the image that any process running as ${user} can use later. Switch to \`USER root\` for the privileged step and back afterwards, and drop sudo.`,
};

export default defineRule({
  meta: {
    id: 'sudo',
    title: 'RUN uses sudo',
    severity: 'warning',
    securitySeverity: 4,
    tags: ['security', 'privilege'],
    sources: ['hadolint:DL3004', 'trivy:DS-0010', 'dockle:DKL-DI-0001', 'checkov:CKV2_DOCKER_1'],
    fixable: false,
    docs: {
      description:
        'Reports `sudo` run by a RUN command: as the command itself, or wrapped in `xargs`, `env`, `find -exec`, `sh -c`, a heredoc or ONBUILD. Installing the sudo package or editing /etc/sudoers is not reported: that is about what the image lets its users do later, not how this build runs.',
      rationale:
        'Build steps run as the user set by USER, root by default, so sudo adds nothing but a dependency on the sudo package and its configuration, and it prompts for a password when the user has none configured. It also hides the user a step really runs as. Switch users with USER, or use gosu or su-exec, which do not keep a privileged parent process around.',
      incorrect: [
        { code: 'FROM ubuntu:24.04\nRUN sudo apt-get update\n' },
        { code: 'FROM jenkins/jenkins:lts-jdk17\nRUN sudo -E apt-get install -y --no-install-recommends make\n', note: 'The base image runs as jenkins: switch to USER root for the step instead.' },
      ],
      correct: [
        { code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER ubuntu\n' },
        { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends sudo\n', note: 'Installing sudo is a different concern.' },
      ],
      image:
        'In a scanned image: a sudo binary in the final filesystem (`/usr/bin/sudo`, `/bin/sudo`, `/usr/sbin/sudo`, `/sbin/sudo`, `/usr/local/bin/sudo`).',
    },
    messages,
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      const analysis = shellIf(ctx, ins, mayRunSudo);
      if (!analysis) return;
      for (const inv of invocations(analysis)) {
        const word = inv.program === 'sudo' ? inv.name : inv.wrappers.find((w) => programOf(w) === 'sudo');
        if (!word) continue;
        const command = inv.program === 'sudo' || !inv.name ? 'sudo' : `sudo ${inv.name.value ?? inv.name.text}`;
        const user = nonRootUser(ins);
        ctx.report({
          range: wordRange(analysis, word),
          message: user ? messages.asUser(command, user) : messages.asRoot(command, ins.user ? 'root' : 'the base image\'s user (root unless it sets another)'),
          subject: command,
        });
      }
    },
  }),
  image: checkImage,
});

/** The USER in effect when it is known and not root. */
function nonRootUser(ins: InstructionModel): string | undefined {
  const user = ins.user?.value;
  if (!user) return undefined;
  const name = user.value.split(':')[0]!;
  return name === 'root' || name === '0' ? undefined : name;
}

const SUDO_PATHS = ['usr/bin/sudo', 'bin/sudo', 'usr/sbin/sudo', 'sbin/sudo', 'usr/local/bin/sudo'];

/** A sudo binary in the final filesystem. */
function checkImage(ctx: ImageContext): void {
  for (const path of SUDO_PATHS) {
    const v = ctx.image.fs.get(path);
    if (!v || (v.entry.type !== 'file' && v.entry.type !== 'hardlink')) continue;
    ctx.report({ version: v, message: messages.imagePresent(slashed(path), layerName(ctx.image, v.layer)) });
  }
}
