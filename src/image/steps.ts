/** How history steps read in messages and reports. */

/** A history step (pass the masked `shown` text) without the builders' noise: `/bin/sh -c #(nop) `, `# buildkit`, `|1 A=b`. */
export function describeStep(shown: string, max = 70): string {
  let text = shown;
  // Build arguments come first (`|2 A=… B=… /bin/sh -c …`, after `RUN ` for BuildKit); their masked
  // values may hold spaces, so skip to the shell instead of parsing the pairs.
  const args = /^(RUN )?\|\d+ /.exec(text);
  if (args) {
    const shell = text.indexOf('/bin/sh -c', args[0].length);
    if (shell !== -1) text = text.slice(shell);
  }
  text = text
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^(?:RUN )?\/bin\/sh -c /, 'RUN ')
    .replace(/\s*# buildkit$/, '')
    // Content hashes of COPY/ADD sources (`file:<64 hex>`) say nothing to a reader.
    .replace(/\b(file|dir|multi):([0-9a-f]{8})[0-9a-f]{56}\b/g, '$1:$2…')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
