/**
 * The part of `pipewise analyze --json` the benchmark checks, and the same
 * figures from DuckDB: log size and the directly-follows graph.
 */
export interface DirectlyFollowsArcFigures {
  from: string;
  to: string;
  count: number;
  meanMs: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

export interface DirectlyFollowsSummary {
  events: number;
  cases: number;
  activities: number;
  dfg: DirectlyFollowsArcFigures[];
}

export interface Agreement {
  agrees: boolean;
  /** Why the two do not agree: sizes, arcs present on one side only, counts, means. */
  disagreements: string[];
  /** Differences in median, p90 or max: reported, but not part of the agreement check. */
  notes: string[];
}

/** Means are sums of up to millions of integers divided in floating point: equal up to rounding. */
export const MEAN_RELATIVE_TOLERANCE = 1e-6;

export function isWithinRelativeTolerance(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

function arcKey(arc: { from: string; to: string }): string {
  return `${arc.from} → ${arc.to}`;
}

/**
 * Do Pipewise and the reference agree? Arcs are matched by from/to; counts
 * must be equal and means equal within MEAN_RELATIVE_TOLERANCE. Events of one
 * case with equal timestamps may be ordered differently by the two (Pipewise
 * keeps file order, DuckDB's sort is not stable), which changes arcs; that is
 * reported as a disagreement, not hidden.
 */
export function compareDirectlyFollows(
  pipewise: DirectlyFollowsSummary,
  reference: DirectlyFollowsSummary,
): Agreement {
  const disagreements: string[] = [];
  const notes: string[] = [];
  for (const field of ['events', 'cases', 'activities'] as const) {
    if (pipewise[field] !== reference[field]) {
      disagreements.push(`${field}: Pipewise ${pipewise[field]}, reference ${reference[field]}`);
    }
  }

  const referenceArcs = new Map(reference.dfg.map((arc) => [arcKey(arc), arc]));
  for (const arc of pipewise.dfg) {
    const key = arcKey(arc);
    const other = referenceArcs.get(key);
    referenceArcs.delete(key);
    if (!other) {
      disagreements.push(`${key}: only Pipewise has it (count ${arc.count})`);
      continue;
    }
    if (arc.count !== other.count) {
      disagreements.push(`${key}: count Pipewise ${arc.count}, reference ${other.count}`);
    }
    if (!isWithinRelativeTolerance(arc.meanMs, other.meanMs, MEAN_RELATIVE_TOLERANCE)) {
      disagreements.push(`${key}: mean Pipewise ${arc.meanMs} ms, reference ${other.meanMs} ms`);
    }
    for (const field of ['medianMs', 'p90Ms', 'maxMs'] as const) {
      if (!isWithinRelativeTolerance(arc[field], other[field], MEAN_RELATIVE_TOLERANCE)) {
        notes.push(`${key}: ${field} Pipewise ${arc[field]}, reference ${other[field]}`);
      }
    }
  }
  for (const [key, arc] of referenceArcs) {
    disagreements.push(`${key}: only the reference has it (count ${arc.count})`);
  }
  return { agrees: disagreements.length === 0, disagreements, notes };
}
