import type { RunAnalysis } from '../dockerfile/shell.js';
import { defineRule, type ImageContext, type DockerfileContext } from '../engine/rule.js';
import { decodeCapabilities } from '../image/capabilities.js';
import { finalFiles, layerName, slashed } from './image-helpers.js';
import { invocationRange, invocations, namePattern, readArgs, shellIf, type RunText } from './shell-helpers.js';

const MESSAGE = (grants: string) =>
  `\`setcap\` gives ${grants}: whoever runs the file gets those privileges (like setuid, one capability at a time), so a flaw in it lets an unprivileged process use them. Prefer granting the capability to the container at run time (\`--cap-add\`, or for ports below 1024 a higher port or \`net.ipv4.ip_unprivileged_port_start\`).`;

/** Prefilter (see shell-helpers): the RUN runs a program named setcap. */
const SETCAP = new RegExp(namePattern('setcap'));

export function maySetCapabilities(text: RunText): boolean {
  return text.words.includes('setcap') && SETCAP.test(text.words);
}

const IMAGE_MESSAGE = (path: string, caps: string, layer: string) =>
  `${path} carries file capabilities ${caps}, from ${layer}: whoever runs it gets those privileges (like setuid, one capability at a time), so a flaw in it lets an unprivileged process use them. Remove them (\`setcap -r ${path}\`) and grant what the container needs at run time (\`--cap-add\`), if anything.`;

export default defineRule({
  meta: {
    id: 'file-capabilities',
    title: 'File capabilities set with setcap',
    severity: 'warning',
    securitySeverity: 5.5,
    tags: ['security', 'privilege', 'capabilities'],
    sources: [],
    fixable: false,
    docs: {
      description:
        'Reports RUN commands that give files capabilities with `setcap` (through `sudo`, `sh -c`, heredocs and ONBUILD too). `setcap -r`, which removes them, and `setcap -v`, which only verifies them, are fine.',
      rationale:
        'A file capability such as `cap_net_bind_service` or `cap_net_raw` is a slice of root granted to every process that executes the file, whatever its user. It widens what a compromised process can do and survives `USER` changes. Most of the time the need goes away (listen on a port above 1024) or belongs to the container runtime (`docker run --cap-add`), where it is visible and revocable.',
      incorrect: [
        { code: 'FROM node:22-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libcap2-bin \\\n && setcap cap_net_bind_service=+ep /usr/local/bin/node\nUSER node\n' },
      ],
      correct: [
        { code: 'FROM node:22-slim\nENV PORT=8080\nUSER node\nEXPOSE 8080\n', note: 'Listen on an unprivileged port instead.' },
        { code: 'FROM debian:12\nRUN setcap -r /usr/bin/ping\n', note: 'Removing capabilities is fine.' },
      ],
      image:
        'In a scanned image: every file of the final filesystem with a `security.capability` extended attribute, with the capabilities decoded as `getcap` prints them (e.g. `cap_net_raw=ep`).',
    },
    messages: { setcap: MESSAGE, image: IMAGE_MESSAGE },
  },
  dockerfile: (ctx) => ({
    RUN: (ins) => {
      const analysis = shellIf(ctx, ins, maySetCapabilities);
      if (analysis) checkRun(ctx, analysis);
    },
  }),
  image: checkImage,
});

function checkRun(ctx: DockerfileContext, analysis: RunAnalysis): void {
  for (const inv of invocations(analysis)) {
    if (inv.program !== 'setcap') continue;
    // setcap [-q] [-v] [-n rootid] (caps|-r|-) file [(caps|-r|-) file …]
    const args = readArgs(inv.args, { shortValue: 'n', posix: true });
    if (args.some((a) => a.kind === 'short' && (a.letter === 'v' || a.letter === 'h'))) continue;
    const first = args.find((a) => a.kind === 'operand');
    if (!first) continue;
    const rest = inv.args.slice(inv.args.indexOf(first.word));
    const pairs: { caps: string; file: string }[] = [];
    for (let i = 0; i + 1 < rest.length; i += 2) pairs.push({ caps: rest[i]!.value ?? rest[i]!.text, file: rest[i + 1]!.value ?? rest[i + 1]!.text });
    const granted = pairs.filter((p) => p.caps !== '-r' && p.caps !== '');
    if (granted.length === 0) continue;
    ctx.report({
      range: invocationRange(analysis, inv),
      message: MESSAGE(granted.map((p) => `${p.caps} to ${inv.find && p.file === '{}' ? 'the files that find selects' : p.file}`).join(' and ')),
      subject: `setcap ${granted.map((p) => `${p.caps} ${p.file}`).join(' ')}`,
});
  }
}

/** Files of the final filesystem with a `security.capability` attribute, named as getcap prints them. */
function checkImage(ctx: ImageContext): void {
  for (const v of finalFiles(ctx.image)) {
    const raw = v.entry.xattrs.get('security.capability');
    if (!raw) continue;
    const caps = decodeCapabilities(raw);
    const text = caps?.text ?? `(undecodable, ${raw.length} bytes)`;
    ctx.report({
      version: v,
      message: IMAGE_MESSAGE(slashed(v.entry.path), text, layerName(ctx.image, v.layer)),
      properties: { capabilities: text },
    });
  }
}
