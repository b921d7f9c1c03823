/**
 * Maps an image's history steps to the Dockerfile instructions that made them, so each image
 * finding also points at the line that caused it.
 *
 * The final stage's instructions (after those of its `FROM <stage>` ancestors) are aligned with the
 * END of the history: what comes before them is the base image's. Both builders' forms are read:
 * the legacy builder's `/bin/sh -c #(nop)  ENV …` and `/bin/sh -c <command>`, BuildKit's
 * `RUN /bin/sh -c <command> # buildkit` and `COPY src /dst # buildkit`. Alignment is a weighted
 * longest common subsequence: the same keyword pairs, and an identical command or destination
 * pairs more strongly, so a step a builder left out of history (or an extra one) shifts nothing.
 */
import type { Instruction } from '../dockerfile/ast.js';
import type { DockerfileModel, InstructionModel, StageModel } from '../dockerfile/model.js';
import type { HistoryEntry } from './config.js';

const KEYWORDS = new Set([
  'RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'USER', 'WORKDIR', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD',
  'ARG', 'VOLUME', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER',
]);

interface Step {
  keyword: string;
  /** What follows the keyword: the command of a RUN, the arguments otherwise. */
  text: string;
}

/** The instruction a history step came from, as far as its text tells. */
export function classifyStep(createdBy: string): Step | undefined {
  let text = createdBy.replace(/\s*# buildkit$/, '').trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s+([A-Z]+)\b\s*(.*)$/s.exec(text);
  if (nop) return KEYWORDS.has(nop[1]!) ? { keyword: nop[1]!, text: nop[2]! } : undefined;
  const kw = /^([A-Z]+)\b\s*(.*)$/s.exec(text);
  if (kw && KEYWORDS.has(kw[1]!)) {
    const rest = kw[2]!;
    return { keyword: kw[1]!, text: kw[1] === 'RUN' ? runCommand(rest) : rest };
  }
  // Anything else is a legacy RUN: `[|N A=b …] /bin/sh -c <command>`, or an exec form's argv joined.
  text = text.replace(/^\|\d+(?:\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*\s+/, '');
  return { keyword: 'RUN', text: runCommand(text) };
}

function runCommand(text: string): string {
  return text.replace(/^\|\d+(?:\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*\s+/, '').replace(/^\/bin\/sh -c /, '');
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 0: no pair; 1: same keyword; 3: the same command or destination. */
function score(step: Step | undefined, ins: Instruction): number {
  if (!step || step.keyword !== ins.keyword) return 0;
  if (ins.keyword === 'RUN') {
    const command = ins.form === 'exec' ? (ins.exec ?? []).join(' ') : ins.args.value;
    return normalize(command) === normalize(step.text) ? 3 : 1;
  }
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const dest = ins.form === 'exec' ? ins.exec?.at(-1) : ins.words.at(-1)?.value;
    const stepDest = / in (\S+)\s*$/.exec(step.text)?.[1] ?? step.text.split(/\s+/).at(-1);
    return dest !== undefined && stepDest !== undefined && trimSlash(dest) === trimSlash(stepDest) ? 3 : 1;
  }
  return normalize(step.text) === normalize(ins.args.value) ? 3 : 1;
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** The instructions that run to build the final stage, ancestors' first, FROM lines left out. */
export function finalChain(model: DockerfileModel): InstructionModel[] {
  const stages: StageModel[] = [];
  for (let s: StageModel | undefined = model.finalStage; s; s = s.parent) stages.unshift(s);
  return stages.flatMap((s) => s.instructions.filter((i) => i.instruction.keyword !== 'FROM'));
}

/** History index → the instruction that made that step. */
export function mapHistory(history: readonly HistoryEntry[], model: DockerfileModel): Map<number, InstructionModel> {
  const chain = finalChain(model);
  // The Dockerfile's steps are at the end of the history; allow a few extra steps in between.
  const from = Math.max(0, history.length - chain.length - 4);
  const steps = history.slice(from).map((h) => classifyStep(h.createdBy));
  const n = steps.length;
  const m = chain.length;
  // best[i][j]: best score aligning steps[i..] with chain[j..].
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = score(steps[i], chain[j]!.instruction);
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, s > 0 ? s + best[i + 1]![j + 1]! : 0);
    }
  }
  const out = new Map<number, InstructionModel>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = score(steps[i], chain[j]!.instruction);
    if (s > 0 && best[i]![j] === s + best[i + 1]![j + 1]!) {
      out.set(from + i, chain[j]!);
      i++;
      j++;
    } else if (best[i + 1]![j] === best[i]![j]) i++;
    else j++;
  }
  return out;
}
