export {
  type CaseState,
  checkGate,
  type GateCheck,
  type GateRefusal,
  type Move,
} from './check-gate.ts';
export { channelName, describeRecipient, describeRule } from './describe-rule.ts';
export { dueAt, elapsedShare } from './due-at.ts';
export {
  type CaseEvent,
  type CaseHistory,
  type CreatedTask,
  type DueReminder,
  evaluateRules,
  type FiredEscalation,
  isRuleEvent,
  type RuleEvaluation,
  type SlaClock,
  type SlaState,
} from './evaluate-rules.ts';
export {
  type ClockCounts,
  caseHistoryFromLog,
  effectiveRules,
  matchStepsToActivities,
  type ReplayLog,
  type ReplayOptions,
  type RuleReplay,
  type RulesReplay,
  type RulesTally,
  replayFromTallies,
  replayRules,
  sliceReplayLog,
  tallyRules,
} from './replay-rules.ts';
export * from './rule.ts';
