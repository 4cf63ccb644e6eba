import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { computeKpis, type KpiDefinition, type KpiMeasure } from './kpi.ts';

const HOUR = 3_600_000;

/** 开始 → 线索 → 报价 → (合同评审, deadline 24 h → 赢单 | 输单) → 结束. */
function model(): ProcessModel {
  const flow = (from: string, to: string) => ({ id: `${from}->${to}`, from, to });
  return {
    ...createProcessModel('m', { zh: '目标流程' }, 'to-be'),
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      makeStep('lead', { zh: '线索' }),
      makeStep('quote', { zh: '报价' }),
      makeStep('review', { zh: '合同评审' }, 'approval', {
        deadline: { value: 24, unit: 'hour', basis: 'calendar' },
      }),
      makeStep('won', { zh: '赢单' }),
      makeStep('lost', { zh: '输单' }),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
    flows: [
      flow('start', 'lead'),
      flow('lead', 'quote'),
      flow('quote', 'review'),
      flow('quote', 'lost'),
      flow('review', 'won'),
      flow('won', 'end'),
      flow('lost', 'end'),
    ],
  };
}

/**
 * D1: 线索, 报价 +10 h, 合同评审 +20 h, 赢单 +30 h (rep A, 100);
 * D2: 线索, 报价 +5 h, 合同评审 +5 h, 赢单 +10 h (rep B, 300);
 * D3: 线索, 报价 +5 h, 输单 +50 h (rep B);
 * D4: 线索, 合同评审 +5 h (no quote), 赢单 +5 h (rep A, 200).
 */
function deals() {
  const builder = new EventLogBuilder();
  const deal = (d: number, steps: [string, number][], rep: string, amount: string) => {
    let at = d * 1000 * HOUR;
    builder.add(`D${d}`, '线索', at);
    for (const [activity, after] of steps) {
      at += after * HOUR;
      builder.add(`D${d}`, activity, at);
    }
    const c = builder.caseIds.intern(`D${d}`);
    builder.setCaseAttribute('负责人', c, rep);
    builder.setCaseAttribute('金额', c, amount);
    // What the stage gates of the process-adherence test ask for.
    if (d === 1) builder.setCaseAttribute('信用审核', c, '是');
    if (d === 2) builder.setCaseAttribute('信用审核', c, '否');
    if (d <= 2) builder.setCaseAttribute('签字报价单', c, 'signed-quote.pdf');
  };
  deal(
    1,
    [
      ['报价', 10],
      ['合同评审', 20],
      ['赢单', 30],
    ],
    'A',
    '100',
  );
  deal(
    2,
    [
      ['报价', 5],
      ['合同评审', 5],
      ['赢单', 10],
    ],
    'B',
    '300',
  );
  deal(
    3,
    [
      ['报价', 5],
      ['输单', 50],
    ],
    'B',
    '',
  );
  deal(
    4,
    [
      ['合同评审', 5],
      ['赢单', 5],
    ],
    'A',
    '200',
  );
  return builder.build();
}

const kpi = (
  measure: KpiMeasure,
  target?: number,
  direction: KpiDefinition['direction'] = 'higher-is-better',
): KpiDefinition => ({
  id: measure.kind,
  name: { en: measure.kind },
  measure,
  direction,
  ...(target === undefined ? {} : { target }),
});

const kpiValue = (measure: KpiMeasure) =>
  computeKpis([kpi(measure)], deals(), { model: model() })[0]!;

describe('computeKpis', () => {
  it('cycle time and stage duration: medians of the durations', () => {
    // Cases 60, 20, 55, 10 h: median (20 + 55) / 2 = 37.5 h.
    expect(kpiValue({ kind: 'cycle-time' })).toMatchObject({
      value: 37.5 * HOUR,
      basis: { count: 4 },
    });
    // Review until the next event: 30, 10, 5 h: median 10 h; p90 at rank 1.8: 10 + 0.8 × 20 = 26 h.
    expect(kpiValue({ kind: 'stage-duration', step: '合同评审' }).value).toBe(10 * HOUR);
    expect(kpiValue({ kind: 'stage-duration', step: '合同评审', percentile: 0.9 }).value).toBe(
      26 * HOUR,
    );
  });

  it('pass rate, win rate, revenue per rep and a ratio of counted events', () => {
    // 3 deals quote; 2 of them win later.
    expect(kpiValue({ kind: 'pass-rate', from: '报价', to: '赢单' })).toMatchObject({
      value: 2 / 3,
      basis: { numerator: 2, denominator: 3 },
    });
    // Won 3 (D1, D2, D4), lost 1.
    expect(kpiValue({ kind: 'win-rate' }).value).toBe(0.75);
    // Won revenue 100 + 300 + 200 over reps A and B.
    expect(kpiValue({ kind: 'revenue-per-rep', amount: '金额', per: '负责人' })).toMatchObject({
      value: 300,
      basis: { numerator: 600, denominator: 2 },
    });
    // 3 reviews over 4 deals.
    expect(kpiValue({ kind: 'ratio', numerator: ['合同评审'] }).value).toBe(0.75);
    expect(kpiValue({ kind: 'ratio', numerator: ['赢单'], denominator: ['报价'] }).value).toBe(1);
  });

  it('SLA adherence, process adherence and response timeliness', () => {
    // Reviews take 30 (late), 10 and 5 h against 24 h.
    expect(kpiValue({ kind: 'sla-adherence' })).toMatchObject({
      value: 2 / 3,
      basis: { numerator: 2, denominator: 3 },
    });
    // D4 goes from 线索 straight to 合同评审: not a flow of the model.
    expect(kpiValue({ kind: 'process-adherence' }).value).toBe(0.75);
    // Quote within 8 h of the lead: D2 and D3 (5 h); D1 took 10 h; D4 never quoted.
    expect(
      kpiValue({
        kind: 'timeliness',
        from: '线索',
        to: '报价',
        within: { value: 8, unit: 'hour', basis: 'calendar' },
      }),
    ).toMatchObject({ value: 0.5, basis: { numerator: 2, denominator: 4 } });
  });

  it('process adherence judges stage gates on the fields and artifacts the data records', () => {
    const gate = (
      id: string,
      stepId: string,
      on: 'enter' | 'leave',
      requiredFields: string[],
      requiredArtifacts: string[] = [],
    ) => ({ id, kind: 'stage-gate' as const, stepId, on, requiredFields, requiredArtifacts });
    const adherence = (rules: ReturnType<typeof gate>[]) =>
      computeKpis([kpi({ kind: 'process-adherence' })], deals(), {
        model: { ...model(), rules },
      })[0]!;
    // Entering review needs the credit check and the signed quote ("附件" is recorded
    // nowhere: judged on the other two). D1 has both; D2's credit check says 否; D3 never
    // reaches review; D4 is off the path anyway. A gate on a field no case records is not
    // judged.
    expect(
      adherence([
        gate('review-gate', 'review', 'enter', ['信用审核'], ['签字报价单', '附件']),
        gate('price-gate', 'quote', 'leave', ['报价金额']),
      ]),
    ).toMatchObject({
      value: 0.5,
      basis: { numerator: 2, denominator: 4, gatesJudged: 1, gatesNotJudged: 1 },
    });
    // Leaving the quote needs the signed quote: D3 leaves it for 输单 without one.
    expect(adherence([gate('quote-gate', 'quote', 'leave', [], ['签字报价单'])])).toMatchObject({
      value: 0.5,
      basis: { numerator: 2, gatesJudged: 1, gatesNotJudged: 0 },
    });
    // Without gates, the path alone: 3 of 4.
    expect(adherence([]).basis).toMatchObject({ numerator: 3, gatesJudged: 0 });
  });

  it('SLA adherence takes a hand-off rule’s deadline before the step’s own', () => {
    const ruled = {
      ...model(),
      rules: [
        {
          id: 'review-12h',
          kind: 'hand-off-sla' as const,
          trigger: { kind: 'step-entered' as const, stepId: 'review' },
          deadline: { value: 12, unit: 'hour' as const, basis: 'calendar' as const },
          notify: [],
          escalations: [],
        },
      ],
    };
    // Reviews of 30, 10 and 5 h against the rule's 12 h: 2 of 3, as against 24 h; against 8 h, 1 of 3.
    const [sla] = computeKpis([kpi({ kind: 'sla-adherence' })], deals(), { model: ruled });
    expect(sla).toMatchObject({ value: 2 / 3, basis: { numerator: 2, denominator: 3 } });
    ruled.rules[0]!.deadline.value = 8;
    const [tighter] = computeKpis([kpi({ kind: 'sla-adherence' })], deals(), { model: ruled });
    expect(tighter).toMatchObject({ value: 1 / 3, basis: { numerator: 1, denominator: 3 } });
    // A rule alone, the step without a deadline of its own, still counts.
    const onlyRule = {
      ...ruled,
      steps: ruled.steps.map((step) => {
        const { deadline: _, ...rest } = step;
        return rest;
      }),
    };
    const [alone] = computeKpis([kpi({ kind: 'sla-adherence' })], deals(), { model: onlyRule });
    expect(alone!.value).toBe(1 / 3);
  });

  it('says whether the target is met in the KPI’s direction, and gives no value where there is nothing to measure', () => {
    const [cycle, win] = computeKpis(
      [
        kpi({ kind: 'cycle-time' }, 40 * HOUR, 'lower-is-better'),
        kpi({ kind: 'win-rate' }, 0.8, 'higher-is-better'),
      ],
      deals(),
    );
    expect(cycle!.meetsTarget).toBe(true);
    expect(win!.meetsTarget).toBe(false);
    const [sla] = computeKpis([kpi({ kind: 'sla-adherence' }, 0.9)], deals());
    expect(sla).toMatchObject({ value: null, meetsTarget: null });
    expect(kpiValue({ kind: 'stage-duration', step: '回款' })).toMatchObject({ value: null });
  });
});
