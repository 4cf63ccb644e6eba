import type { StepKind } from './process-model.ts';

/**
 * A step's kind guessed from its name, for tables without a kind column and
 * for discovered models: approvals (approve, review, sign-off, 审批, 审核,
 * 评审, 批准), hand-offs (hand-off, hand over, transfer, 交接, 移交, 转交),
 * waits (wait, pending, 等待, 待), decisions (a name ending in "?", or 是否,
 * 判断). Anything else is a task. People can change the kind afterwards.
 */
export function inferStepKind(name: string): StepKind {
  const text = name.toLowerCase();
  if (/[?？]\s*$/u.test(text) || /是否|判断|decide|decision/u.test(text)) return 'decision';
  if (/approv|review|sign-?off|审批|审核|评审|批准|核准/u.test(text)) return 'approval';
  if (/hand-?off|hand over|handover|transfer|交接|移交|转交/u.test(text)) return 'hand-off';
  if (/\bwait|pending|等待|待(?:客户|审|签|回)/u.test(text)) return 'wait';
  return 'task';
}
