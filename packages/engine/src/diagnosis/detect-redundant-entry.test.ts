import { describe, expect, it } from 'vitest';
import { createProcessModel, makeStep, type Step } from '../process-model/process-model.ts';
import { detectRedundantEntry } from './detect-redundant-entry.ts';

function model(steps: Step[]) {
  return { ...createProcessModel('m', { zh: '现状' }), steps };
}

const halfHour = { value: 30, unit: 'minute', basis: 'working' } as const;

describe('detectRedundantEntry', () => {
  it('finds the same input typed into several systems by several entry steps', () => {
    const findings = detectRedundantEntry(
      model([
        makeStep('needs', { zh: '需求确认' }, 'task', { outputs: ['客户资料'] }),
        makeStep('crm', { zh: '录入CRM' }, 'task', {
          inputs: ['客户资料'],
          systems: ['CRM'],
          estimated: halfHour,
        }),
        makeStep('erp', { zh: '录入ERP' }, 'task', {
          inputs: ['客户资料'],
          systems: ['ERP'],
          estimated: halfHour,
        }),
        makeStep('quoting', { zh: '录入报价系统' }, 'task', {
          inputs: ['客户资料'],
          systems: ['报价系统'],
          estimated: { value: 45, unit: 'minute', basis: 'working' },
        }),
        // Reading the same data is not entering it again.
        makeStep('design', { zh: '方案设计' }, 'task', { inputs: ['客户资料'] }),
      ]),
    );
    expect(findings).toEqual([
      {
        detector: 'redundant-entry',
        title: {
          zh: '“客户资料”被录入 3 次（录入CRM、录入ERP、录入报价系统）',
          en: '"客户资料" is entered 3 times (录入CRM, 录入ERP, 录入报价系统)',
        },
        steps: ['录入CRM', '录入ERP', '录入报价系统'],
        severity: 4,
        suggestedType: 'redundancy',
        // Entering once saves all but the quickest: 30 + 45 minutes per case.
        evidence: {
          artifact: '客户资料',
          entries: 3,
          stepIds: ['crm', 'erp', 'quoting'],
          systems: ['CRM', 'ERP', '报价系统'],
          extraPerCaseMs: 75 * 60_000,
        },
      },
    ]);
  });

  it('finds one step whose notes say it is entered in each of its systems', () => {
    const [finding] = detectRedundantEntry(
      model([
        makeStep('quote', { zh: '报价', en: 'Quote' }, 'task', {
          systems: ['ERP', 'CRM'],
          notes: '报价需在ERP和CRM各录一次',
        }),
      ]),
    );
    expect(finding).toMatchObject({
      steps: ['报价'],
      severity: 3,
      evidence: { entries: 2, systems: ['ERP', 'CRM'] },
    });
    expect(finding!.title.en).toBe('"Quote" is entered once in each of ERP, CRM');
  });

  it('finds nothing where each input is entered once', () => {
    expect(
      detectRedundantEntry(
        model([
          makeStep('crm', { zh: '录入CRM' }, 'task', { inputs: ['客户资料'], systems: ['CRM'] }),
          makeStep('order', { zh: '录入订单' }, 'task', { inputs: ['合同'], systems: ['ERP'] }),
          makeStep('quote', { zh: '报价' }, 'task', {
            systems: ['ERP', 'CRM'],
            notes: 'CRM 自动同步到 ERP',
          }),
        ]),
      ),
    ).toEqual([]);
  });
});
