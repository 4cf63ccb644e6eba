import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveTimeZone } from '@pipewise/engine';
import { openFileSource, readCsvEventLog } from '@pipewise/formats';
import { loadConfig, startServer } from '@pipewise/server';
import { findUserByEmail, importDataset, membershipsOf } from '@pipewise/store';
import autocannon from 'autocannon';
import { APPROXIMATE_EVENTS_PER_CASE, generateSalesLog } from './generate-sales-log.ts';

/**
 * The server under load: a 1M-event dataset stored in the embedded database
 * (or in PostgreSQL with DATABASE_URL), then autocannon against the analysis
 * route with 20 concurrent clients, after one first request that loads the
 * log and computes the figures. Prints requests/s and latency percentiles.
 *
 *   npm run bench:server                       # 1M events, 20 clients, 10 s
 *   npm run bench:server -- --events 200000 --connections 50 --seconds 5
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
  },
});
const targetEvents = Number(values.events);
const data = join(import.meta.dirname, 'data');
const csv = join(data, `server-${targetEvents}-seed1.csv`);
if (!existsSync(csv)) {
  mkdirSync(data, { recursive: true });
  generateSalesLog({
    caseCount: Math.round(targetEvents / APPROXIMATE_EVENTS_PER_CASE),
    seed: 1,
    language: 'english',
    eventsPath: csv,
    casesPath: `${csv}.cases.csv`,
  });
}
const utc = resolveTimeZone('UTC');
if (!utc.ok) throw new Error('UTC');
const read = readCsvEventLog(openFileSource(csv), { timeZone: utc.zone });
if (!read.ok) throw new Error(JSON.stringify(read.error));

const folder = mkdtempSync(join(tmpdir(), 'pipewise-bench-server-'));
const loaded = loadConfig(process.env, { dataDir: folder, port: 0, logLevel: 'warn', demo: true });
if (!loaded.ok) throw new Error(loaded.message);
const server = await startServer(loaded.config);
try {
  const owner = await findUserByEmail(server.store.db, 'owner@demo.pipewise');
  if (!owner) throw new Error('no demo owner');
  const [membership] = await membershipsOf(server.store.db, owner.id);
  const importStarted = performance.now();
  const dataset = await importDataset(
    server.store.db,
    {
      organizationId: membership!.organizationId,
      name: 'bench',
      sourceFile: csv,
      format: 'csv',
      mapping: {},
      importReport: {},
      createdBy: owner.id,
    },
    read.log,
  );
  const importSeconds = (performance.now() - importStarted) / 1000;

  const signIn = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@demo.pipewise', password: 'pipewise-demo' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const url = `${server.url}/api/datasets/${dataset.id}/analysis`;
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const body = JSON.stringify({ time: 'calendar' });
  const firstStarted = performance.now();
  const first = await fetch(url, { method: 'POST', headers, body });
  if (first.status !== 200)
    throw new Error(`analysis answered ${first.status}: ${await first.text()}`);
  const firstBytes = (await first.arrayBuffer()).byteLength;
  const firstSeconds = (performance.now() - firstStarted) / 1000;

  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: Number(values.connections),
    duration: Number(values.seconds),
  });
  console.log(
    `database: ${server.store.kind}; dataset: ${read.log.eventCount.toLocaleString('en')} events`,
  );
  console.log(
    `import into the store: ${importSeconds.toFixed(1)} s; first analysis (load + compute): ${firstSeconds.toFixed(2)} s, ${Math.round(firstBytes / 1024)} KiB`,
  );
  console.log(
    '| connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx |',
  );
  console.log(
    '| ----------- | ---------- | ------ | ------ | ------ | ------ | ------ | ------- |',
  );
  console.log(
    `| ${values.connections} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p90} | ${result.latency.p99} | ${result.latency.max} | ${result.errors} | ${result.non2xx} |`,
  );
} finally {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
}
