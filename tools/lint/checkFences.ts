/**
 * Proves the import fences of eslint.config.js hold at every folder depth: a wrong import at each depth
 * of each layer must be reported, the right ones must not, and a cycle must be found. Run by `npm run
 * lint` after ESLint itself; exits non-zero when a fence lets something through.
 */
import { ESLint } from 'eslint';

interface Case {
  /** Where the probe file would live (it is linted as text, never written). */
  file: string;
  code: string;
  /** The rule that must report it, or null when nothing may be reported. */
  rule: string | null;
}

const imp = (path: string, name: string) => `import { ${name} } from '${path}';\nexport const probe = ${name};\n`;

const cases: Case[] = [
  // src/mqtt imports nothing above it, at depth 1 and 2
  { file: 'src/mqtt/probe.ts', code: imp('../data/messageLog', 'MessageLog'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/mqtt/inspect/probe.ts', code: imp('../../data/messageLog', 'MessageLog'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/mqtt/inspect/probe.ts', code: imp('../../stores/profiles', 'newProfile'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/mqtt/testing/probe.ts', code: imp('../../features/charts/linePath', 'pathOf'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/mqtt/inspect/probe.ts', code: imp('react', 'useState'), rule: 'no-restricted-imports' },
  { file: 'src/mqtt/inspect/probe.ts', code: imp('../topic', 'topicMatches'), rule: null },
  // src/data imports only src/mqtt
  { file: 'src/data/probe.ts', code: imp('../stores/profiles', 'newProfile'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/data/deeper/probe.ts', code: imp('../../shared/format/format', 'formatCount'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/data/deeper/probe.ts', code: imp('zustand', 'create'), rule: 'no-restricted-imports' },
  { file: 'src/data/deeper/probe.ts', code: imp('../../mqtt/topic', 'topicMatches'), rule: null },
  // stores import data and mqtt, not UI
  { file: 'src/stores/probe.ts', code: imp('../shared/ui/palette', 'BADGE_TONE'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/stores/probe.ts', code: imp('../features/charts/linePath', 'pathOf'), rule: 'import-x/no-restricted-paths' },
  // shared does not import features or the app
  { file: 'src/shared/ui/probe.tsx', code: imp('../../features/charts/linePath', 'pathOf'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/shared/ui/deeper/probe.tsx', code: imp('../../../app/App', 'App'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/shared/ui/probe.tsx', code: imp('../../stores/appSession', 'appSession'), rule: 'no-restricted-imports' },
  // a feature does not import another feature, at depth 1 and 2, nor the app, nor the page's session
  { file: 'src/features/charts/probe.tsx', code: imp('../messages/MessagesView', 'MessagesView'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/features/charts/deeper/probe.tsx', code: imp('../../topics/TopicsView', 'TopicsView'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/features/charts/probe.tsx', code: imp('../../app/App', 'App'), rule: 'import-x/no-restricted-paths' },
  { file: 'src/features/charts/probe.tsx', code: imp('../../stores/appSession', 'appSession'), rule: 'no-restricted-imports' },
  { file: 'src/features/charts/deeper/probe.tsx', code: imp('../linePath', 'pathOf'), rule: null },
  { file: 'src/features/charts/probe.tsx', code: imp('../../shared/ui/Button', 'Button'), rule: null },
  // a cycle: InspectorView imports PacketDetail, so PacketDetail must not import InspectorView
  { file: 'src/features/inspector/PacketDetail.tsx', code: imp('./InspectorView', 'InspectorView'), rule: 'import-x/no-cycle' },
];

const eslint = new ESLint({ cwd: process.cwd() });
let failures = 0;
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  const rules = (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  const ok = c.rule === null ? rules.length === 0 : rules.includes(c.rule);
  if (!ok) {
    failures++;
    console.error(`fence check: ${c.file} importing "${c.code.split("'")[1]}" expected ${c.rule ?? 'no report'}, got ${rules.join(', ') || 'nothing'}`);
  }
}
console.log(`fence check: ${cases.length - failures} of ${cases.length} cases as expected`);
process.exit(failures ? 1 : 0);
