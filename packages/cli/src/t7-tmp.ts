import { analyzeLog, resolveTimeZone } from '@pipewise/engine';
import { readCsvEventLogFile } from '@pipewise/formats';

const zone = resolveTimeZone('UTC');
if (!zone.ok) throw new Error();
const t0 = performance.now();
const r = await readCsvEventLogFile(process.argv[2]!, { timeZone: zone.zone });
if (!r.ok) throw 0;
const t1 = performance.now();
const a = analyzeLog(r.log);
const t2 = performance.now();
const s = JSON.stringify(a);
const t3 = performance.now();
console.error('origin', performance.timeOrigin);
console.log(
  'startup',
  t0.toFixed(0),
  'read',
  (t1 - t0).toFixed(0),
  'analyze',
  (t2 - t1).toFixed(0),
  'json',
  (t3 - t2).toFixed(0),
  s.length,
);
