import { describe, expect, it } from 'vitest';
import {
  dataConcerns,
  type Finding,
  lowScoringSteps,
  opinionVersusData,
  problemFromFinding,
  type StepIndicators,
  severityOfScore,
} from './diagnosis.ts';

describe('problemFromFinding', () => {
  it("keeps the finding's key, type, severity, evidence and impact, titled in the reader's language", () => {
    const finding: Finding = {
      key: 'segment-bottleneck|合同评审>赢单|团队=华北区销售组',
      detector: 'segment-bottleneck',
      title: { zh: '华北区销售组：合同评审慢', en: '华北区销售组: review is slow' },
      steps: ['合同评审', '赢单'],
      segment: { attribute: '团队', value: '华北区销售组' },
      severity: 4,
      suggestedType: 'low-efficiency',
      evidence: { ratio: 2.5 },
      impact: { casesAffected: 31, waitingMs: 1000 },
      problemId: null,
    };
    expect(problemFromFinding(finding, 'en', { datasetId: 'd', versionId: 'v' })).toEqual({
      source: 'detector',
      findingKey: finding.key,
      title: '华北区销售组: review is slow',
      steps: ['合同评审', '赢单'],
      type: 'low-efficiency',
      severity: 4,
      evidence: {
        detector: 'segment-bottleneck',
        segment: '团队=华北区销售组',
        ratio: 2.5,
        datasetId: 'd',
        versionId: 'v',
      },
      casesAffected: 31,
      waitingMs: 1000,
    });
  });
});

describe('low scores', () => {
  it('picks steps scored 2.5 or less, or disputed, and grades them', () => {
    const steps = [
      { id: 'a', mean: 1.4, isDisputed: false },
      { id: 'b', mean: 2.6, isDisputed: false },
      { id: 'c', mean: 4, isDisputed: true },
      { id: 'd', mean: null, isDisputed: false },
      { id: 'e', mean: 2.5, isDisputed: false },
    ];
    expect(lowScoringSteps(steps).map((step) => step.id)).toEqual(['a', 'c', 'e']);
    expect([1.4, 2, 2.5, 4, null].map(severityOfScore)).toEqual([5, 4, 3, 2, 2]);
  });
});

describe('data beside opinion', () => {
  const step = (
    id: string,
    waitHours: number,
    extra: Partial<StepIndicators> = {},
  ): StepIndicators => ({
    stepId: id,
    name: { zh: id },
    activity: id,
    cases: 10,
    waiting: { count: 10, medianMs: waitHours * 3_600_000, p90Ms: 0 },
    inStep: null,
    skip: null,
    rework: { cases: 0, share: 0 },
    dropOff: { cases: 0, share: 0 },
    win: null,
    handOffs: null,
    owners: 1,
    systems: 1,
    ...extra,
  });

  it('flags a wait twice the typical step, rework, skips and drop-off', () => {
    // Median waits 2, 4, 10, 3 h: typical (3 + 4) / 2 = 3.5 h; 10 h is 2.9×.
    const concerns = dataConcerns([
      step('a', 2),
      step('b', 4, { rework: { cases: 3, share: 0.3 } }),
      step('c', 10),
      step('d', 3, { skip: { cases: 1, of: 10, share: 0.1 }, dropOff: { cases: 3, share: 0.3 } }),
    ]);
    expect(Object.fromEntries(concerns)).toEqual({
      a: [],
      b: ['rework'],
      c: ['slow-wait'],
      d: ['skipped', 'drop-off'],
    });
  });

  it('tells where opinion and data part', () => {
    expect(opinionVersusData(4, ['rework'])).toBe('data-worse');
    expect(opinionVersusData(2, [])).toBe('opinion-worse');
    expect(opinionVersusData(3, ['rework'])).toBeNull();
    expect(opinionVersusData(undefined, ['rework'])).toBeNull();
  });
});
