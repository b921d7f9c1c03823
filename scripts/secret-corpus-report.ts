/**
 * Recall and false positives of the secret detectors on the labelled corpus
 * (test/secrets/labelled/corpus.ts), as markdown tables:
 *
 *   npm run secrets:report
 *   npm run secrets:report -- --draws 20   # also: recall over 20 other draws of the random values
 *
 * Per family: planted secrets, found (the expected detector, the exact span, medium confidence or
 * above), recall, the look-alike files scanned and the false positives reported in them, and the
 * unlabelled matches in planted files. Then the look-alike categories, and every miss and false
 * positive by detector id. Secrets are only ever printed masked.
 */
import { listDetectors, mask } from '../src/secrets/index.js';
import {
  KNOWN_FALSE_POSITIVES,
  LOOK_ALIKE_CATEGORIES,
  LOW_BY_DESIGN,
  buildCorpus,
  scoreCorpus,
  type FamilyScore,
} from '../test/secrets/labelled/corpus.js';

const corpus = buildCorpus();
const score = scoreCorpus(corpus);
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const lines: string[] = [];
const out = (line = ''): void => {
  lines.push(line);
};

out('# Secret detectors on the labelled corpus');
out();
out(
  `${corpus.planted.length} planted files holding ${score.total.planted} secrets of ${new Set(score.planted.map((p) => p.secret.detectorId)).size} detectors; ` +
    `${corpus.lookAlikes.length} look-alike files. Found: the expected detector reports exactly the secret's span at medium confidence or above ` +
    `(at low for ${Object.keys(LOW_BY_DESIGN).join(', ')}, low by design).`,
);
out();
out('## Per family');
out();
out('| family | planted | found | recall | recall excl. known misses | look-alike files flagged / scanned | false positives | unlabelled in planted files |');
out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const FAMILY = new Map(listDetectors().map((d) => [d.id, d.family as string]));
const row = (f: FamilyScore, bold = false): void => {
  const b = (s: string | number) => (bold ? `**${s}**` : String(s));
  const flagged = score.lookAlikes.filter((l) => l.matches.some((m) => f.family === 'total' || FAMILY.get(m.detectorId) === f.family)).length;
  out(
    `| ${b(f.family)} | ${b(f.planted)} | ${b(f.found)} | ${b(percent(f.recall))} | ${b(percent(f.recallExcludingKnown))} | ${b(`${flagged} / ${corpus.lookAlikes.length}`)} | ${b(f.falsePositives)} | ${b(f.unlabelled)} |`,
  );
};
for (const f of score.families) row(f);
row(score.total, true);
out();

out('## Look-alikes per category');
out();
out('| category | files | files with findings | false positives |');
out('| --- | ---: | ---: | ---: |');
for (const category of LOOK_ALIKE_CATEGORIES) {
  const files = score.lookAlikes.filter((l) => l.file.category === category);
  out(`| ${category} | ${files.length} | ${files.filter((l) => l.matches.length).length} | ${files.reduce((n, l) => n + l.matches.length, 0)} |`);
}
out(
  `| **total** | **${score.lookAlikes.length}** | **${score.lookAlikes.filter((l) => l.matches.length).length}** | **${score.lookAlikes.reduce((n, l) => n + l.matches.length, 0)}** |`,
);
out();

const misses = score.planted.filter((p) => !p.match).sort((a, b) => a.secret.detectorId.localeCompare(b.secret.detectorId));
out(`## Misses (${misses.length})`);
out();
if (!misses.length) out('None.');
for (const p of misses) {
  const status = p.knownMiss ? `known: ${p.knownMiss.reason}` : 'UNEXPECTED';
  out(`- \`${p.secret.detectorId}\` in \`${p.file.path}\` (${p.file.format}), \`${mask(p.secret.secret)}\`: ${status}`);
}
out();

const falsePositives = score.lookAlikes.flatMap((l) => l.matches.map((m) => ({ file: l.file, m }))).sort((a, b) => a.m.detectorId.localeCompare(b.m.detectorId));
out(`## False positives in look-alike files (${falsePositives.length})`);
out();
if (!falsePositives.length) out('None.');
for (const { file, m } of falsePositives) {
  const known = KNOWN_FALSE_POSITIVES.find((k) => k.path === file.path && k.detectorId === m.detectorId);
  out(`- \`${m.detectorId}\` [${m.confidence}] in \`${file.path}\` (${file.category}), \`${m.masked}\`: ${known ? `known: ${known.reason}` : 'UNEXPECTED'}`);
}
out();

out(`## Unlabelled matches in planted files (${score.unlabelled.length})`);
out();
if (!score.unlabelled.length) out('None.');
for (const { file, match } of score.unlabelled) out(`- \`${match.detectorId}\` [${match.confidence}] in \`${file.path}\`: \`${match.masked}\``);

// Other draws of the same corpus: the same files and shapes, other random bodies.
const drawsArg = process.argv.indexOf('--draws');
const draws = drawsArg >= 0 ? Number(process.argv[drawsArg + 1]) : 0;
if (!Number.isInteger(draws) || draws < 0) throw new Error('--draws takes a whole number');
if (draws > 0) {
  let planted = 0;
  let found = 0;
  let falsePositives = 0;
  const missed = new Map<string, number>();
  for (let d = 1; d <= draws; d++) {
    const other = scoreCorpus(buildCorpus({ seedOffset: d * 100_000 }));
    planted += other.total.planted;
    found += other.total.found;
    falsePositives += other.total.falsePositives;
    for (const p of other.planted) if (!p.match) missed.set(p.secret.detectorId, (missed.get(p.secret.detectorId) ?? 0) + 1);
  }
  out();
  out(`## ${draws} other draws of the random values`);
  out();
  out(`Recall ${percent(found / planted)} (${found} of ${planted}), ${falsePositives} false positives.`);
  for (const [id, n] of [...missed].sort((a, b) => b[1] - a[1])) out(`- \`${id}\`: missed ${n} times`);
}

console.log(lines.join('\n'));
