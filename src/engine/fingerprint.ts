import { posix } from 'node:path';
import type { DockerfileAst, Range } from '../dockerfile/ast.js';
import { hash128 } from './hash.js';

/**
 * A finding's stable identity: the rule, the file path, the normalized text of the instruction it
 * sits in and what it is about. No line numbers, so a finding moved down the file keeps it; no
 * image tags or digests, so a rebuild keeps it. Baselines and SARIF partialFingerprints use it.
 */
export function fingerprintFinding(
  ruleId: string,
  file: string,
  ast: DockerfileAst,
  range: Range,
  subject: string | undefined,
): string {
  const offset = range.start.offset;
  const instruction = ast.instructions.find((i) => i.range.start.offset <= offset && offset <= i.range.end.offset);
  const context = instruction ? normalize(`${instruction.keyword} ${instruction.args.value}`) : '';
  const about = normalize(subject ?? ast.text.slice(range.start.offset, range.end.offset));
  // `./Dockerfile`, `Dockerfile` and `a/../Dockerfile` name one file: a baseline recorded one way
  // must match a run that names it another.
  return hash128(`${ruleId}\0${posix.normalize(file.replaceAll('\\', '/'))}\0${context}\0${about}`);
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
