// Writes rules.md from rule metadata. The rules are TypeScript, so they are bundled with esbuild into a
// temporary module first (the same bundler as the CLI build), then imported.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repo, so the bundle's bare imports (dependencies are left external) resolve in node_modules.
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'drydock-rules-md-'));
try {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { RULES } from ${JSON.stringify(join(root, 'src/rules/index.ts'))};\nexport { renderRulesMarkdown } from ${JSON.stringify(join(root, 'scripts/rules-md.ts'))};\n` +
      `export { listDetectors } from ${JSON.stringify(join(root, 'src/secrets/index.ts'))};\nexport { withDetectorTables } from ${JSON.stringify(join(root, 'scripts/secrets-md.ts'))};\n`,
  );
  await build({ entryPoints: [entry], outfile: join(dir, 'out.mjs'), bundle: true, format: 'esm', platform: 'node', logLevel: 'warning', packages: 'external', absWorkingDir: root });
  const { RULES, renderRulesMarkdown, listDetectors, withDetectorTables } = await import(pathToFileURL(join(dir, 'out.mjs')).href);
  writeFileSync(join(root, 'rules.md'), renderRulesMarkdown(RULES));
  console.log(`rules.md: ${RULES.length} rules`);
  // docs/secrets.md: only its generated detector tables are rewritten.
  const secretsDoc = join(root, 'docs', 'secrets.md');
  writeFileSync(secretsDoc, withDetectorTables(readFileSync(secretsDoc, 'utf8'), listDetectors()));
  console.log(`docs/secrets.md: ${listDetectors().length} detectors`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
