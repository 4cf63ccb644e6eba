import type { Flow, Step } from '@pipewise/engine/process-model';

/** One line of a flow's label; the renderer styles each kind differently. */
export interface FlowLabelLine {
  kind: 'condition' | 'artifacts' | 'count';
  text: string;
}

/** 1234567 → "1,234,567", the same in Node and every browser (no locale data involved). */
export function formatCount(count: number): string {
  const digits = String(Math.round(Math.abs(count)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return count < 0 ? `-${grouped}` : grouped;
}

/**
 * What travels along a flow: the artifacts the source step gives out and
 * the target step takes in (in the source's order), e.g. a customer needs
 * form passed from sales to solution design.
 */
export function flowArtifacts(source: Step, target: Step): string[] {
  const taken = new Set(target.inputs);
  return source.outputs.filter(
    (name, index) => taken.has(name) && source.outputs.indexOf(name) === index,
  );
}

/**
 * The label of a flow: its condition, its artifacts and how many cases took
 * it, each on a line; empty when it has none of these. The same text in both
 * languages (conditions and artifact names are the model's own words).
 */
export function flowLabelLines(
  flow: Flow,
  source: Step | undefined,
  target: Step | undefined,
): FlowLabelLine[] {
  const lines: FlowLabelLine[] = [];
  const condition = flow.condition?.trim();
  if (condition) lines.push({ kind: 'condition', text: condition });
  if (source && target) {
    const artifacts = flowArtifacts(source, target);
    if (artifacts.length > 0) lines.push({ kind: 'artifacts', text: artifacts.join(', ') });
  }
  if (flow.count !== undefined && Number.isFinite(flow.count))
    lines.push({ kind: 'count', text: `×${formatCount(flow.count)}` });
  return lines;
}
