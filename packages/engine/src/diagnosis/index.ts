export { type BottleneckOptions, detectBottlenecks } from './detect-bottlenecks.ts';
export { type BrokenHandOffOptions, detectBrokenHandOffs } from './detect-broken-hand-offs.ts';
export { detectMissingHandOff, detectUnownedSteps } from './detect-model-gaps.ts';
export { detectRework, type ReworkOptions } from './detect-rework.ts';
export type { Finding, ProblemType } from './finding.ts';
