import type { DockerfileAst, Instruction } from './ast.js';

/**
 * Prints an AST back to Dockerfile text in canonical form: directives first, one instruction per
 * line (continuations joined, keywords upper-cased), heredoc bodies after their line. Comments are
 * dropped. Parsing the output yields the same instructions, which the round-trip tests check; the
 * `fix` command will edit the original text instead, so nothing here needs to keep layout.
 */
export function printDockerfile(ast: DockerfileAst): string {
  let out = '';
  for (const d of ast.directives) out += `# ${d.name}=${d.value}\n`;
  for (const ins of ast.instructions) out += printInstruction(ins, ast.escapeChar);
  return out;
}

export function printInstruction(ins: Instruction, escapeChar = '\\'): string {
  let line = printLine(ins);
  // An argument that ends in the escape character would turn into a line continuation; a trailing
  // no-break space keeps it an argument (Docker trims it, as we do, but only blanks and tabs make a
  // continuation).
  if (line.endsWith(escapeChar)) line += '\u00a0';
  return `${line}\n${printBodies(ins.onbuild ?? ins)}`;
}

function printLine(ins: Instruction): string {
  let line = ins.keyword;
  for (const f of ins.flags) line += f.value ? ` --${f.name}=${f.value.value}` : ` --${f.name}`;
  // Arguments that look like a flag need the `--` separator to stay arguments.
  if (ins.args.value.startsWith('--')) line += ' --';
  if (ins.args.value.length > 0) line += ` ${ins.args.value}`;
  return line;
}

function printBodies(ins: Instruction): string {
  let out = '';
  for (const h of ins.heredocs) {
    out += h.body;
    if (h.terminated) out += `${h.body.length === 0 || h.body.endsWith('\n') ? '' : '\n'}${h.delimiter}\n`;
  }
  return out;
}
