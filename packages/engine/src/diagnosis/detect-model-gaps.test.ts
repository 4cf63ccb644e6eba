import { describe, expect, it } from 'vitest';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { detectMissingHandOff, detectUnownedSteps } from './detect-model-gaps.ts';

/** Start → steps in order → end, with lanes. */
function model(
  steps: { name: string; lane?: string; kind?: 'task' | 'approval' | 'hand-off' }[],
  lanes: { id: string; zh: string; department?: string }[],
): ProcessModel {
  const ids = steps.map((_, k) => `s${k + 1}`);
  return {
    ...createProcessModel('m', { zh: '现状' }),
    lanes: lanes.map((lane) => ({
      id: lane.id,
      name: { zh: lane.zh },
      ...(lane.department ? { department: lane.department } : {}),
    })),
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      ...steps.map((step, k) =>
        makeStep(
          ids[k]!,
          { zh: step.name },
          step.kind ?? 'task',
          step.lane ? { laneId: step.lane } : {},
        ),
      ),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
    flows: ['start', ...ids, 'end'].slice(0, -1).map((from, k, all) => {
      const to = k + 1 < all.length ? all[k + 1]! : 'end';
      return { id: `${from}->${to}`, from, to };
    }),
  };
}

const SALES = { id: 'sales', zh: '销售代表', department: '销售部' };
const LEGAL = { id: 'legal', zh: '法务' };

describe('detectMissingHandOff', () => {
  it('finds a process that ends at signing with nobody from after-sales', () => {
    const findings = detectMissingHandOff(
      model(
        [
          { name: '报价', lane: 'sales' },
          { name: '合同评审', lane: 'legal', kind: 'approval' },
          { name: '签约', lane: 'sales' },
        ],
        [SALES, LEGAL],
      ),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        detector: 'missing-hand-off',
        steps: ['签约'],
        severity: 4,
        suggestedType: 'poor-experience',
      }),
    ]);
  });

  it('is quiet when a step of after-sales follows, by the lane’s name or department', () => {
    const steps = [
      { name: '签约', lane: 'sales' },
      { name: '售后交接', lane: 'service', kind: 'hand-off' as const },
    ];
    expect(detectMissingHandOff(model(steps, [SALES, { id: 'service', zh: '售后服务' }]))).toEqual(
      [],
    );
    expect(
      detectMissingHandOff(
        model(steps, [SALES, { id: 'service', zh: '王芳', department: '交付部' }]),
      ),
    ).toEqual([]);
  });
});

describe('detectUnownedSteps', () => {
  it('finds working steps in no lane, approvals and hand-offs graded higher', () => {
    const findings = detectUnownedSteps(
      model(
        [
          { name: '报价', lane: 'sales' },
          { name: '信用审核', kind: 'approval' },
          { name: '录入ERP' },
        ],
        [SALES],
      ),
    );
    expect(findings.map((finding) => [finding.steps[0], finding.severity])).toEqual([
      ['信用审核', 3],
      ['录入ERP', 2],
    ]);
  });

  it('is quiet when every step has an owner (start and end need none)', () => {
    expect(detectUnownedSteps(model([{ name: '报价', lane: 'sales' }], [SALES]))).toEqual([]);
  });
});
