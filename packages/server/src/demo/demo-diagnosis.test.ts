import { diagnose } from '@pipewise/engine/diagnosis';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from './generate-demo-workspace.ts';
import { buildDemoEventLog } from './seed-demo.ts';

/**
 * The demo was built with problems in it (generate-demo-workspace.ts and
 * build-demo-models.ts): the detectors must find each, and not bury them
 * under false alarms.
 */
describe('the detectors on the demo workspace', () => {
  const workspace = generateDemoWorkspace();
  const result = diagnose({
    log: buildDemoEventLog(workspace),
    model: workspace.asIsModel,
    segmentBy: '团队',
  });
  if (!result.ok) throw new Error('the demo has a 团队 attribute');
  const found = (detector: string, steps: string[], segment?: string) =>
    result.findings.find(
      (finding) =>
        finding.detector === detector &&
        steps.every((step) => finding.steps.includes(step)) &&
        (segment === undefined || finding.segment?.value === segment),
    );

  it('finds every problem built into it', () => {
    // 华北's contracts wait for a reviewer who works without a deadline.
    expect(found('segment-bottleneck', ['合同评审', '赢单'], '华北区销售组')).toBeDefined();
    expect(found('no-deadline', ['合同评审'])).toBeDefined();
    // Contracts passed from the rep to legal lie idle.
    expect(found('broken-hand-off', ['商务谈判', '合同评审'])).toBeDefined();
    // Negotiation sends a quarter of the deals back to quoting.
    expect(found('rework-loop', ['报价'])).toBeDefined();
    // Customer data typed into three systems.
    expect(found('redundant-entry', ['录入CRM', '录入ERP', '录入报价系统'])?.severity).toBe(4);
    // After signing, the customer has to find after-sales.
    expect(found('missing-hand-off', ['赢单'])).toBeDefined();
  });

  it('keeps to a handful of findings, most severe first', () => {
    expect(result.findings.length).toBeLessThanOrEqual(15);
    const severities = result.findings.map((finding) => finding.severity);
    expect(severities).toEqual([...severities].sort((x, y) => y - x));
    expect(result.unmatchedSteps).toEqual([]);
  });

  it('finds nothing wrong with the model of the to-be process', () => {
    const toBe = diagnose({ model: workspace.toBeModel });
    expect(toBe.ok && toBe.findings).toEqual([]);
  });
});
