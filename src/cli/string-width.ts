// Stands in for the `string-width` package inside the bundle (scripts/build.mjs swaps it in for yargs
// and cliui). The real one builds an Intl.Segmenter and Unicode-property regexes when it loads, about
// 25 ms of every start-up, for precision only emoji-laden help text would need.

const ANSI_ESCAPE = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u;

/** Columns `text` takes in a terminal: escapes take none, combining marks none, East Asian wide two. */
export default function stringWidth(text: string, options: { countAnsiEscapeCodes?: boolean } = {}): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const plain = options.countAnsiEscapeCodes ? text : text.replace(ANSI_ESCAPE, '');
  let width = 0;
  for (const char of plain) {
    const code = char.codePointAt(0)!;
    if (code < 0x7f) {
      if (code >= 0x20) width += 1;
      continue;
    }
    if (ZERO_WIDTH.test(char)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
