import { describe, expect, it } from 'vitest';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { checkGate } from './check-gate.ts';

const model: ProcessModel = {
  ...createProcessModel('to-be', { zh: '销售流程', en: 'Sales process' }, 'to-be'),
  steps: [
    makeStep('negotiation', { zh: '商务谈判', en: 'Negotiation' }),
    makeStep('contract', { zh: '合同评审', en: 'Contract review' }, 'approval'),
    makeStep('won', { zh: '赢单', en: 'Won' }, 'end'),
  ],
  rules: [
    {
      id: 'contract-entry',
      kind: 'stage-gate',
      stepId: 'contract',
      on: 'enter',
      requiredFields: ['信用审核'],
      requiredArtifacts: ['已签报价单'],
    },
    {
      id: 'contract-exit',
      kind: 'stage-gate',
      stepId: 'contract',
      on: 'leave',
      requiredFields: [],
      requiredArtifacts: ['合同'],
      reason: { zh: '法务未出具合同', en: 'Legal has not issued the contract' },
    },
  ],
};

describe('stage gates', () => {
  it('refuses contract review without the signed quote and credit check, saying what is missing', () => {
    const check = checkGate(
      model,
      { stepId: 'negotiation', fields: {}, artifacts: [] },
      { to: 'contract' },
    );
    expect(check).toEqual({
      allowed: false,
      refusals: [
        {
          ruleId: 'contract-entry',
          stepId: 'contract',
          on: 'enter',
          missingFields: ['信用审核'],
          missingArtifacts: ['已签报价单'],
          reason: {
            zh: '进入「合同评审」需要：已签报价单、信用审核',
            en: 'Entering "Contract review" needs: 已签报价单, 信用审核',
          },
        },
      ],
    });
  });

  it('lets the move through once both are there', () => {
    const state = {
      stepId: 'negotiation',
      fields: { 信用审核: '通过' },
      artifacts: ['已签报价单'],
    };
    expect(checkGate(model, state, { to: 'contract' })).toEqual({ allowed: true });
  });

  it('counts blank text and null as a missing field, zero and false as filled', () => {
    const refused = (value: string | number | boolean | null) =>
      !checkGate(
        model,
        { stepId: 'negotiation', fields: { 信用审核: value }, artifacts: ['已签报价单'] },
        { to: 'contract' },
      ).allowed;
    expect([refused('  '), refused(null), refused(0), refused(false)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('applies leave gates of the step the case is in, with the gate’s own reason', () => {
    const check = checkGate(
      model,
      { stepId: 'contract', fields: {}, artifacts: [] },
      { to: 'won' },
    );
    expect(check.allowed).toBe(false);
    if (!check.allowed)
      expect(check.refusals.map((r) => [r.ruleId, r.reason.en])).toEqual([
        ['contract-exit', 'Legal has not issued the contract'],
      ]);
  });

  it('takes an explicit from over the case’s step, and passes steps without gates', () => {
    const state = { stepId: 'contract', fields: {}, artifacts: [] };
    expect(checkGate(model, state, { from: 'negotiation', to: 'won' })).toEqual({ allowed: true });
  });
});
