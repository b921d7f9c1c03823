import { ruleChecks, type Rule } from '../src/engine/rule.js';

/**
 * rules.md, generated from rule metadata (`npm run docs:rules`); a test fails when the file is stale.
 * Everything here comes from `meta`, so docs and behaviour cannot drift apart.
 */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const out: string[] = [];
  out.push('# drydock rules', '');
  out.push('<!-- Generated from rule metadata by `npm run docs:rules`. Do not edit by hand. -->', '');
  out.push(
    `${rules.length} rules. Severity is the default; change it per rule in \`.drydock.yaml\` (see [docs/configuration.md](docs/configuration.md)). ` +
      'Silence one finding with `# drydock ignore=<rule-id> -- reason` on the line above the instruction; ' +
      'hadolint pragmas (`# hadolint ignore=DL3002`) work through each rule\'s hadolint sources.',
    '',
  );
  out.push('| rule | checks | severity | security severity | fixable | covers | title |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const rule of rules) {
    const { meta } = rule;
    out.push(
      `| [\`${meta.id}\`](#${meta.id}) | ${ruleChecks(rule).join(', ')} | ${meta.severity} | ${meta.securitySeverity.toFixed(1)} | ${meta.fixable === false ? 'no' : meta.fixable} | ${meta.sources.map((s) => `\`${s}\``).join(' ') || '–'} | ${meta.title} |`,
    );
  }
  for (const { meta } of rules) {
    out.push('', `## ${meta.id}`, '', `**${meta.title}.** Severity: ${meta.severity} (security severity ${meta.securitySeverity.toFixed(1)}). Tags: ${meta.tags.join(', ')}.`);
    if (meta.sources.length > 0) out.push('', `Covers: ${meta.sources.map((s) => `\`${s}\``).join(', ')}.`);
    out.push('', meta.docs.description);
    if (meta.docs.image) out.push('', `**Images:** ${meta.docs.image.replace(/^In a scanned image: /, '')}`);
    out.push('', `**Why:** ${meta.docs.rationale}`);
    const examples = (title: string, list: Rule['meta']['docs']['incorrect']): void => {
      if (list.length === 0) return;
      out.push('', `### ${title}`);
      for (const ex of list) {
        if (ex.note) out.push('', ex.note);
        out.push('', '```dockerfile', ex.code.replace(/\n$/, ''), '```');
      }
    };
    examples('Incorrect', meta.docs.incorrect);
    examples('Correct', meta.docs.correct);
  }
  return `${out.join('\n')}\n`;
}
