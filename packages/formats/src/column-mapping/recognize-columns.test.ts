import { describe, expect, it } from 'vitest';
import { recognizeColumns } from './recognize-columns.ts';

function mapped(headers: string[], overrides = {}) {
  const result = recognizeColumns(headers, overrides);
  if (!result.ok) throw new Error(JSON.stringify(result));
  const m = result.mapping;
  const name = (index: number): string | null => (index >= 0 ? headers[index]! : null);
  return {
    case: name(m.case),
    activity: name(m.activity),
    timestamp: name(m.timestamp),
    resource: name(m.resource),
    preset: m.preset,
    caseAttributes: m.caseAttributes.map((a) => a.name),
    rowFilter: m.rowFilter
      ? { column: name(m.rowFilter.column), equals: m.rowFilter.equals }
      : undefined,
  };
}

describe('recognizeColumns', () => {
  it('recognizes a Salesforce OpportunityHistory export', () => {
    const headers = [
      'Id',
      'OpportunityId',
      'CreatedById',
      'CreatedDate',
      'StageName',
      'Amount',
      'CloseDate',
    ];
    expect(mapped(headers)).toMatchObject({
      case: 'OpportunityId',
      activity: 'StageName',
      timestamp: 'CreatedDate',
      resource: 'CreatedById',
      preset: 'salesforce-opportunity-history',
    });
  });

  it('takes stage changes from a Salesforce OpportunityFieldHistory export', () => {
    const headers = [
      'Id',
      'OpportunityId',
      'CreatedById',
      'CreatedDate',
      'Field',
      'DataType',
      'OldValue',
      'NewValue',
    ];
    expect(mapped(headers)).toMatchObject({
      case: 'OpportunityId',
      activity: 'NewValue',
      timestamp: 'CreatedDate',
      resource: 'CreatedById',
      preset: 'salesforce-opportunity-field-history',
      rowFilter: { column: 'Field', equals: 'StageName' },
    });
  });

  it('recognizes a HubSpot deal stage history', () => {
    expect(
      mapped(['Deal ID', 'Deal Name', 'Deal Stage', 'Date entered stage', 'Deal owner']),
    ).toMatchObject({
      case: 'Deal ID',
      activity: 'Deal Stage',
      timestamp: 'Date entered stage',
      resource: 'Deal owner',
      preset: 'hubspot-deal-stage-history',
    });
  });

  it('prefers XES names and keeps case:… columns as case attributes', () => {
    const headers = [
      '',
      'concept:name',
      'org:resource',
      'time:timestamp',
      'Activity',
      'Resource',
      'case:concept:name',
      'case:creator',
    ];
    expect(mapped(headers)).toMatchObject({
      case: 'case:concept:name',
      activity: 'concept:name',
      timestamp: 'time:timestamp',
      resource: 'org:resource',
      preset: 'xes',
      caseAttributes: ['creator'],
    });
  });

  it('recognizes Chinese headers', () => {
    expect(mapped(['商机编号', '阶段', '时间', '负责人'])).toMatchObject({
      case: '商机编号',
      activity: '阶段',
      timestamp: '时间',
      resource: '负责人',
      preset: 'chinese',
    });
  });

  it('lets the user choose columns and keep others as case attributes', () => {
    expect(
      mapped(['deal', 'step', 'when', 'owner', 'team'], {
        case: 'deal',
        activity: 'step',
        timestamp: 'WHEN',
        caseColumns: ['team'],
      }),
    ).toMatchObject({
      case: 'deal',
      activity: 'step',
      timestamp: 'when',
      resource: 'owner',
      preset: 'manual',
      caseAttributes: ['team'],
    });
  });

  it('reads no resource column for a reader with no use for one, but still checks the name given', () => {
    const headers = ['case_id', 'activity', 'timestamp', 'resource'];
    expect(mapped(headers).resource).toBe('resource');
    expect(mapped(headers, { withoutResource: true })).toMatchObject({
      case: 'case_id',
      activity: 'activity',
      timestamp: 'timestamp',
      resource: null,
    });
    expect(recognizeColumns(headers, { resource: 'rep', withoutResource: true })).toMatchObject({
      ok: false,
      reason: 'unknown-column',
      name: 'rep',
    });
  });

  it('says which role is missing and which name is unknown', () => {
    expect(recognizeColumns(['deal', 'stage', 'owner'])).toMatchObject({
      ok: false,
      reason: 'missing-column',
      role: 'timestamp',
    });
    expect(recognizeColumns(['id', 'stage', 'time'])).toMatchObject({
      ok: false,
      reason: 'missing-column',
      role: 'case',
    });
    expect(recognizeColumns(['case', 'stage', 'time'], { resource: 'rep' })).toMatchObject({
      ok: false,
      reason: 'unknown-column',
      role: 'resource',
      name: 'rep',
    });
  });
});
