import {
  displayName,
  type LocalizedText,
  type ProcessModel,
} from '../process-model/process-model.ts';
import type { StageGateRule } from './rule.ts';

/**
 * What a case has at the moment of a move: its current step, its fields
 * (any named values) and the artifacts it holds (by name, as steps list
 * their inputs and outputs).
 */
export interface CaseState {
  stepId?: string;
  fields: Readonly<Record<string, string | number | boolean | null | undefined>>;
  artifacts: readonly string[];
}

/** A move of a case to step `to`; from `from`, or else from the case's current step. */
export interface Move {
  from?: string;
  to: string;
}

/** Why one gate refuses a move: what is missing, and the reason to show. */
export interface GateRefusal {
  ruleId: string;
  stepId: string;
  on: 'enter' | 'leave';
  missingFields: string[];
  missingArtifacts: string[];
  reason: LocalizedText;
}

export type GateCheck = { allowed: true } | { allowed: false; refusals: GateRefusal[] };

/**
 * Whether a move passes the model's stage gates: the leave gates of the step
 * the case is in and the enter gates of the step it goes to. A field counts
 * as filled when it has a value other than null, undefined or blank text.
 * Refused moves carry a reason per gate: the gate's own, or one listing what
 * is missing.
 */
export function checkGate(model: ProcessModel, state: CaseState, move: Move): GateCheck {
  const from = move.from ?? state.stepId;
  const refusals: GateRefusal[] = [];
  for (const rule of model.rules ?? []) {
    if (rule.kind !== 'stage-gate') continue;
    const applies =
      (rule.on === 'leave' && rule.stepId === from) ||
      (rule.on === 'enter' && rule.stepId === move.to);
    if (!applies) continue;
    const missingFields = rule.requiredFields.filter((field) => !isFilled(state.fields[field]));
    const missingArtifacts = rule.requiredArtifacts.filter(
      (artifact) => !state.artifacts.includes(artifact),
    );
    if (missingFields.length === 0 && missingArtifacts.length === 0) continue;
    refusals.push({
      ruleId: rule.id,
      stepId: rule.stepId,
      on: rule.on,
      missingFields,
      missingArtifacts,
      reason: rule.reason ?? describeMissing(model, rule, [...missingArtifacts, ...missingFields]),
    });
  }
  return refusals.length === 0 ? { allowed: true } : { allowed: false, refusals };
}

function isFilled(value: string | number | boolean | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

function describeMissing(
  model: ProcessModel,
  rule: StageGateRule,
  missing: string[],
): LocalizedText {
  const step = model.steps.find((candidate) => candidate.id === rule.stepId);
  const zhName = step ? displayName(step.name, 'zh') : rule.stepId;
  const enName = step ? displayName(step.name, 'en') : rule.stepId;
  return rule.on === 'enter'
    ? {
        zh: `进入「${zhName}」需要：${missing.join('、')}`,
        en: `Entering "${enName}" needs: ${missing.join(', ')}`,
      }
    : {
        zh: `离开「${zhName}」需要：${missing.join('、')}`,
        en: `Leaving "${enName}" needs: ${missing.join(', ')}`,
      };
}
