import { DuckDBInstance } from '@duckdb/node-api';
import type { DirectlyFollowsSummary } from './compare-directly-follows.ts';

/**
 * The reference implementation the benchmark times Pipewise against: DuckDB
 * reads the same CSV event log and computes the same directly-follows graph
 * in SQL. Prints a DirectlyFollowsSummary as JSON on stdout.
 *
 * Run: npx node bench/duckdb-dfg.ts FILE   (English headers: case_id,activity,timestamp,resource)
 *
 * It does the same work as `pipewise analyze` does for the graph (load every
 * event, order each case by time, pair neighbours, count and summarise the
 * durations including the exact median and p90), so the times compare like
 * with like; Pipewise computes more figures besides. DuckDB's sort is not
 * stable, so events of one case with equal timestamps may pair differently
 * from Pipewise's file order; the generated logs have no such ties.
 */

function quoteSqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Loads the log into a table: one scan of the file, timestamps parsed as TIMESTAMP. */
function loadEventsSql(path: string): string {
  return `
    CREATE TABLE events AS
    SELECT * FROM read_csv(${quoteSqlString(path)},
      header = true,
      columns = {'case_id': 'VARCHAR', 'activity': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'resource': 'VARCHAR'},
      timestampformat = '%Y-%m-%d %H:%M:%S')`;
}

const COUNTS_SQL = `
  SELECT count(*)::BIGINT AS events,
         count(DISTINCT case_id)::BIGINT AS cases,
         count(DISTINCT activity)::BIGINT AS activities
  FROM events`;

/** Percentiles by linear interpolation (quantile_cont), as Pipewise and numpy's default. */
const DIRECTLY_FOLLOWS_SQL = `
  WITH pairs AS (
    SELECT activity AS from_activity,
           LEAD(activity) OVER by_case AS to_activity,
           epoch_ms(LEAD("timestamp") OVER by_case) - epoch_ms("timestamp") AS duration_ms
    FROM events
    WINDOW by_case AS (PARTITION BY case_id ORDER BY "timestamp")
  )
  SELECT from_activity AS "from",
         to_activity AS "to",
         count(*)::BIGINT AS "count",
         avg(duration_ms)::DOUBLE AS "meanMs",
         quantile_cont(duration_ms, 0.5)::DOUBLE AS "medianMs",
         quantile_cont(duration_ms, 0.9)::DOUBLE AS "p90Ms",
         max(duration_ms)::DOUBLE AS "maxMs"
  FROM pairs
  WHERE to_activity IS NOT NULL
  GROUP BY from_activity, to_activity
  ORDER BY "count" DESC, "from", "to"`;

export async function discoverDirectlyFollowsWithDuckDb(
  path: string,
): Promise<DirectlyFollowsSummary & { loadMs: number; queryMs: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const loadStartedMs = performance.now();
    await connection.run(loadEventsSql(path));
    const queryStartedMs = performance.now();
    const counts = (await connection.runAndReadAll(COUNTS_SQL)).getRowObjectsJS()[0]!;
    const arcs = (await connection.runAndReadAll(DIRECTLY_FOLLOWS_SQL)).getRowObjectsJS();
    const doneMs = performance.now();
    return {
      events: Number(counts['events']),
      cases: Number(counts['cases']),
      activities: Number(counts['activities']),
      dfg: arcs.map((arc) => ({
        from: String(arc['from']),
        to: String(arc['to']),
        count: Number(arc['count']),
        meanMs: Number(arc['meanMs']),
        medianMs: Number(arc['medianMs']),
        p90Ms: Number(arc['p90Ms']),
        maxMs: Number(arc['maxMs']),
      })),
      loadMs: Math.round(queryStartedMs - loadStartedMs),
      queryMs: Math.round(doneMs - queryStartedMs),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

if (import.meta.main) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node bench/duckdb-dfg.ts EVENTS.csv');
    process.exit(2);
  }
  const summary = await discoverDirectlyFollowsWithDuckDb(path);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
