// Copies the screenshots the README shows from test-results/ (written by the UI tests, ignored by
// git) into docs/screenshots/ (committed). Run the UI tests first:
//   npm run test:ui && npm run screenshots
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// test-results/<name> → docs/screenshots/<name>, and the test that takes it.
const CHOSEN = [
  ['walkthrough.png', 'test/ui/vsix.test.ts'],
  ['sidebar.png', 'test/ui/workbench.test.ts'],
  ['record-view.png', 'test/ui/workbench.test.ts'],
  ['send-refused.png', 'test/ui/workbench.test.ts'],
  ['search.png', 'test/ui/search.test.ts'],
  ['zh-sidebar.png', 'test/ui/chinese.test.ts'],
  ['zh-record-view.png', 'test/ui/chinese.test.ts'],
  ['zh-delivered.png', 'test/ui/chinese.test.ts'],
  ['zh-recall.png', 'test/ui/chinese.test.ts'],
  ['report-light.png', 'test/ui/report.test.ts'],
  ['report-dark.png', 'test/ui/report.test.ts'],
];

const missing = CHOSEN.filter(([name]) => !existsSync(join(root, 'test-results', name)));
if (missing.length > 0) {
  for (const [name, test] of missing) console.error(`test-results/${name} is missing: run the UI test ${test} first (npm run test:ui).`);
  process.exit(1);
}
mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
for (const [name] of CHOSEN) {
  copyFileSync(join(root, 'test-results', name), join(root, 'docs', 'screenshots', name));
  console.log(`docs/screenshots/${name}`);
}
