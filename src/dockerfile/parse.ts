import type { DockerfileAst } from './ast.js';

/** Parses Dockerfile text. Never throws: malformed input yields `problems`. (Implementation landing.) */
export function parseDockerfile(text: string): DockerfileAst {
  throw new Error(`parser not implemented yet (${text.length})`);
}
