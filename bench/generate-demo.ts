import { join } from 'node:path';
import { generateSalesLog } from './generate-sales-log.ts';

/**
 * Regenerates the demo data shipped with the CLI (packages/cli/demo/): a
 * Chinese CRM export of about 300 opportunities and 3,000 stage changes, with
 * a byte order mark and CRLF line endings as Chinese Excel saves "CSV UTF-8".
 * Deterministic: running it again writes identical bytes.
 *
 * Run from the repository root: npx node bench/generate-demo.ts
 */
const demoDirectory = join(import.meta.dirname, '..', 'packages', 'cli', 'demo');

/** Four teams, one per region (华东, 华北, 华南, 西南); 华北区销售组 has the slow legal review. */
export const DEMO_OPTIONS = {
  caseCount: 300,
  seed: 20240607,
  language: 'chinese',
  teamCount: 4,
  averageRepsPerTeam: 6,
  slowContractReviewTeam: 1,
  hasByteOrderMark: true,
  lineEnding: '\r\n',
  eventsPath: join(demoDirectory, 'opportunity-history.csv'),
  casesPath: join(demoDirectory, 'opportunities.csv'),
} as const;

if (import.meta.main) {
  const summary = generateSalesLog(DEMO_OPTIONS);
  console.log(JSON.stringify(summary));
}
