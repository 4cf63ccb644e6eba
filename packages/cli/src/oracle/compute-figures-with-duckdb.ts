import { DuckDBInstance } from '@duckdb/node-api';
import type { DurationStats } from '@pipewise/engine';

/**
 * An independent oracle for `pipewise analyze`: the figures of
 * docs/metrics.md computed by DuckDB in plain SQL from the same CSV file, with
 * none of Pipewise's code. Tests compare the two; a difference is a bug in one
 * of them.
 */

/** Where the oracle reads a log and which columns play which role. */
export interface OracleLog {
  file: string;
  /** DuckDB's name of the file's encoding. */
  encoding: 'utf-8' | 'latin-1';
  columns: { case: string; activity: string; timestamp: string; resource: string };
  /** A column holding a case attribute, for the per-segment figures of `--by`. */
  segmentColumn?: string;
}

export interface OracleOptions {
  /** Drop each event whose activity equals the previous one's in the same case. */
  collapseRepeats?: boolean;
}

/** Duration figures as Pipewise defines them, plus DuckDB's own percentiles. */
export type OracleDurationStats = DurationStats & {
  /** The same percentiles by DuckDB's own `quantile_cont`, for a cross-check. */
  quantileCont: { medianMs: number; p90Ms: number };
};

export type OracleArc = OracleDurationStats & { from: string; to: string };

export interface OracleFigures {
  events: number;
  cases: number;
  activities: number;
  resources: number;
  firstEventMs: number;
  lastEventMs: number;
  start: { activity: string; count: number }[];
  end: { activity: string; count: number }[];
  dfg: OracleArc[];
  activityStats: { activity: string; events: number; cases: number; reworkCases: number }[];
  variants: { activities: string[]; cases: number }[];
  caseDuration: OracleDurationStats;
  passRates: { from: string; to: string; cases: number; reached: number }[];
  /**
   * Per activity, the time from each of its events to the next event of the
   * case (a step's measured duration, `until-next`, in docs/process-model.md).
   */
  timeUntilNext: (OracleDurationStats & { activity: string })[];
  /** Per value of `segmentColumn` (the value on the case's last event that has one). */
  segments?: { value: string | null; cases: number; events: number; medianCaseMs: number }[];
}

/** SQL text literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** SQL identifier. */
function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The p-th percentile of a sorted DuckDB list by the formula of
 * docs/metrics.md: h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * DuckDB's `quantile_cont` is the same method but rounds differently
 * (lo·(1 − d) + hi·d), and numpy's differs again (b − (b − a)·(1 − t) for
 * t ≥ 0.5): all three agree to about one unit in the last place, so the exact
 * comparison uses the documented formula and `quantile_cont` is a cross-check.
 * Lists are 1-based in DuckDB; `p` is made a DOUBLE because DuckDB reads
 * `0.9` as an exact DECIMAL, and (n − 1)·p must round as it does in the engine.
 */
const PERCENTILE_MACRO = `
  CREATE MACRO percentile_linear(sorted, p) AS (
    WITH rank AS (SELECT (len(sorted) - 1)::DOUBLE * p::DOUBLE AS h)
    SELECT sorted[floor(h)::BIGINT + 1]
      + (h - floor(h))
        * (sorted[least(floor(h)::BIGINT + 2, len(sorted))] - sorted[floor(h)::BIGINT + 1])
    FROM rank
  )`;

/** The duration figures of a set `d_us` of durations in microseconds, in milliseconds. */
const DURATION_STATS = `
  count(*)::INTEGER AS "count",
  (sum(d_us)::DOUBLE / 1000) AS "totalMs",
  (sum(d_us)::DOUBLE / 1000 / count(*)) AS "meanMs",
  percentile_linear(list_sort(list(d_us::DOUBLE / 1000)), 0.5) AS "medianMs",
  percentile_linear(list_sort(list(d_us::DOUBLE / 1000)), 0.9) AS "p90Ms",
  (min(d_us)::DOUBLE / 1000) AS "minMs",
  (max(d_us)::DOUBLE / 1000) AS "maxMs",
  {
    'medianMs': quantile_cont(d_us::DOUBLE / 1000, 0.5),
    'p90Ms': quantile_cont(d_us::DOUBLE / 1000, 0.9)
  } AS "quantileCont"`;

/** Computes the figures of `log` with DuckDB, from the file alone. */
export async function computeFiguresWithDuckDb(
  log: OracleLog,
  options: OracleOptions = {},
): Promise<OracleFigures> {
  // One thread: row order and ordinality are then the file's order beyond doubt.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const rows = async <T>(sql: string): Promise<T[]> =>
    (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  try {
    // Timestamps without an offset are read as UTC, as `--tz UTC` asks of Pipewise.
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(PERCENTILE_MACRO);
    const c = log.columns;
    const segment = log.segmentColumn === undefined ? 'NULL' : identifier(log.segmentColumn);
    // `WITH ORDINALITY` numbers the rows in file order: ties in time keep it.
    await connection.run(`
      CREATE TABLE events AS
      SELECT
        ordinality AS file_row,
        ${identifier(c.case)} AS case_id,
        ${identifier(c.activity)} AS activity,
        nullif(${identifier(c.resource)}, '') AS resource,
        epoch_us(CAST(${identifier(c.timestamp)} AS TIMESTAMPTZ)) AS ts_us,
        nullif(${segment}, '') AS segment_value
      FROM read_csv(${literal(log.file)}, header = true, all_varchar = true,
        delim = ',', quote = '"', escape = '"', encoding = ${literal(log.encoding)})
        WITH ORDINALITY`);
    await connection.run(`
      CREATE TABLE ordered_all AS
      SELECT *, row_number() OVER (PARTITION BY case_id ORDER BY ts_us, file_row) AS pos
      FROM events`);
    await connection.run(
      options.collapseRepeats
        ? `CREATE TABLE ordered AS
           WITH kept AS (
             SELECT * FROM ordered_all
             QUALIFY activity IS DISTINCT FROM lag(activity) OVER (PARTITION BY case_id ORDER BY pos)
           )
           SELECT * EXCLUDE (pos), row_number() OVER (PARTITION BY case_id ORDER BY pos) AS pos
           FROM kept`
        : 'CREATE TABLE ordered AS SELECT * FROM ordered_all',
    );
    await connection.run(`
      CREATE TABLE case_sizes AS SELECT case_id, max(pos) AS n FROM ordered GROUP BY case_id`);

    const [counts] = await rows<{
      events: number;
      cases: number;
      activities: number;
      resources: number;
      firstEventMs: number;
      lastEventMs: number;
    }>(`
      SELECT count(*)::INTEGER AS events,
        count(DISTINCT case_id)::INTEGER AS cases,
        count(DISTINCT activity)::INTEGER AS activities,
        count(DISTINCT resource)::INTEGER AS resources,
        (min(ts_us)::DOUBLE / 1000) AS "firstEventMs",
        (max(ts_us)::DOUBLE / 1000) AS "lastEventMs"
      FROM ordered`);

    const endpoint = (which: '1' | 's.n') =>
      rows<{ activity: string; count: number }>(`
        SELECT activity, count(*)::INTEGER AS "count"
        FROM ordered o JOIN case_sizes s USING (case_id)
        WHERE o.pos = ${which}
        GROUP BY activity ORDER BY "count" DESC, activity`);

    const dfg = await rows<OracleArc>(`
      WITH arcs AS (
        SELECT a.activity AS from_activity, b.activity AS to_activity, b.ts_us - a.ts_us AS d_us
        FROM ordered a JOIN ordered b ON b.case_id = a.case_id AND b.pos = a.pos + 1
      )
      SELECT from_activity AS "from", to_activity AS "to", ${DURATION_STATS}
      FROM arcs GROUP BY from_activity, to_activity
      ORDER BY "count" DESC, "from", "to"`);

    const activityStats = await rows<OracleFigures['activityStats'][number]>(`
      WITH per_case AS (
        SELECT activity, case_id, count(*) AS k FROM ordered GROUP BY activity, case_id
      )
      SELECT activity, sum(k)::INTEGER AS events, count(*)::INTEGER AS cases,
        (count(*) FILTER (WHERE k > 1))::INTEGER AS "reworkCases"
      FROM per_case GROUP BY activity ORDER BY events DESC, activity`);

    const variants = await rows<OracleFigures['variants'][number]>(`
      WITH per_case AS (
        SELECT case_id, list(activity ORDER BY pos) AS activities FROM ordered GROUP BY case_id
      )
      SELECT activities, count(*)::INTEGER AS cases
      FROM per_case GROUP BY activities ORDER BY cases DESC, activities`);

    const [caseDuration] = await rows<OracleDurationStats>(`
      WITH per_case AS (SELECT max(ts_us) - min(ts_us) AS d_us FROM ordered GROUP BY case_id)
      SELECT ${DURATION_STATS} FROM per_case`);

    const passRates = await rows<OracleFigures['passRates'][number]>(`
      WITH first_of AS (
        SELECT case_id, activity, min(pos) AS first_pos FROM ordered GROUP BY case_id, activity
      ),
      reaching AS (SELECT activity, count(*) AS cases FROM first_of GROUP BY activity),
      reached AS (
        SELECT f.activity AS from_activity, o.activity AS to_activity,
          count(DISTINCT f.case_id) AS reached
        FROM first_of f JOIN ordered o
          ON o.case_id = f.case_id AND o.pos > f.first_pos AND o.activity <> f.activity
        GROUP BY f.activity, o.activity
      )
      SELECT r.from_activity AS "from", r.to_activity AS "to",
        a.cases::INTEGER AS cases, r.reached::INTEGER AS reached
      FROM reached r JOIN reaching a ON a.activity = r.from_activity
      ORDER BY cases DESC, "from", reached DESC, "to"`);

    const timeUntilNext = await rows<OracleFigures['timeUntilNext'][number]>(`
      WITH durations AS (
        SELECT a.activity, b.ts_us - a.ts_us AS d_us
        FROM ordered a JOIN ordered b ON b.case_id = a.case_id AND b.pos = a.pos + 1
      )
      SELECT activity, ${DURATION_STATS} FROM durations GROUP BY activity ORDER BY activity`);

    const figures: OracleFigures = {
      ...counts!,
      timeUntilNext,
      start: await endpoint('1'),
      end: await endpoint('s.n'),
      dfg,
      activityStats,
      variants,
      caseDuration: caseDuration!,
      passRates,
    };
    if (log.segmentColumn !== undefined) {
      // A case's value is the one on its last event (in event order) that has one.
      figures.segments = await rows<NonNullable<OracleFigures['segments']>[number]>(`
        WITH value_of AS (
          SELECT case_id,
            last(segment_value ORDER BY ts_us, file_row)
              FILTER (WHERE segment_value IS NOT NULL) AS value
          FROM ordered_all GROUP BY case_id
        ),
        per_case AS (
          SELECT v.value, o.case_id, count(*) AS events, max(o.ts_us) - min(o.ts_us) AS d_us
          FROM ordered o JOIN value_of v USING (case_id) GROUP BY v.value, o.case_id
        )
        SELECT value, count(*)::INTEGER AS cases, sum(events)::INTEGER AS events,
          percentile_linear(list_sort(list(d_us::DOUBLE / 1000)), 0.5) AS "medianCaseMs"
        FROM per_case GROUP BY value ORDER BY cases DESC, value NULLS LAST`);
    }
    return figures;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
