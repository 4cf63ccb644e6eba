import type { EventLog } from '../event-log/index.ts';
import { summarizeDurations } from '../statistics/summarize-durations.ts';
import type { Finding } from './finding.ts';

export interface BrokenHandOffOptions {
  /** A hand-off is broken from this many times the typical same-owner step's median (default 2). */
  factor?: number;
  /** Hand-offs seen fewer times are not judged (default 5). */
  minCount?: number;
  /**
   * A broken hand-off holds at least this share of the time between
   * consecutive steps with known owners (default 0.05).
   */
  minTimeShare?: number;
}

/**
 * Broken hand-offs: where work passes from one owner to another (two
 * consecutive events of a case, of different activities, with different
 * resources, both known) and then lies idle. Per pair of activities, the
 * median time of its owner-changing transitions is compared with the typical
 * transition that stays with one owner (the median over all same-owner
 * transitions of the log, between different activities); at least `factor`
 * times longer, with at least `minCount` such transitions holding at least
 * `minTimeShare` of the time between consecutive steps with known owners, is
 * a finding.
 * Severity 3 from `factor`, 4 from 3×, 5 from 5×.
 */
export function detectBrokenHandOffs(log: EventLog, options: BrokenHandOffOptions = {}): Finding[] {
  const factor = options.factor ?? 2;
  const minCount = options.minCount ?? 5;
  const minTimeShare = options.minTimeShare ?? 0.05;
  let allMs = 0;
  const unknown = log.resources.indexOf('');
  const sameOwner: number[] = [];
  const changing = new Map<string, { from: number; to: number; durations: number[] }>();
  for (let c = 0; c < log.caseCount; c++) {
    for (let i = log.caseStart[c]!; i + 1 < log.caseStart[c + 1]!; i++) {
      const a = log.activityOf[i]!;
      const b = log.activityOf[i + 1]!;
      if (a === b) continue;
      const r = log.resourceOf[i]!;
      const s = log.resourceOf[i + 1]!;
      if (r === unknown || s === unknown) continue;
      const duration = log.timestampMs[i + 1]! - log.timestampMs[i]!;
      allMs += duration;
      if (r === s) {
        sameOwner.push(duration);
        continue;
      }
      const key = `${a}>${b}`;
      let entry = changing.get(key);
      if (!entry) {
        entry = { from: a, to: b, durations: [] };
        changing.set(key, entry);
      }
      entry.durations.push(duration);
    }
  }
  if (sameOwner.length < minCount) return [];
  const typicalMs = summarizeDurations(sameOwner).medianMs;
  if (!(typicalMs > 0)) return [];
  const findings: Finding[] = [];
  for (const { from, to, durations } of changing.values()) {
    if (durations.length < minCount) continue;
    const stats = summarizeDurations(durations);
    const ratio = stats.medianMs / typicalMs;
    const totalMs = durations.reduce((sum, ms) => sum + ms, 0);
    if (ratio < factor || totalMs < minTimeShare * allMs) continue;
    const fromName = log.activities[from]!;
    const toName = log.activities[to]!;
    findings.push({
      detector: 'broken-hand-off',
      title: {
        zh: `从“${fromName}”交给他人做“${toName}”后，等待时间是同一人连续处理的 ${ratio.toFixed(1)} 倍`,
        en: `Passed from "${fromName}" to someone else for "${toName}", work waits ${ratio.toFixed(1)}× as long as when one owner goes on`,
      },
      steps: [fromName, toName],
      severity: ratio >= 5 ? 5 : ratio >= 3 ? 4 : 3,
      suggestedType: 'broken-hand-off',
      evidence: {
        handOffs: durations.length,
        medianMs: stats.medianMs,
        p90Ms: stats.p90Ms,
        typicalSameOwnerMs: typicalMs,
        ratio,
        totalMs,
        timeShare: totalMs / allMs,
      },
    });
  }
  return findings;
}
