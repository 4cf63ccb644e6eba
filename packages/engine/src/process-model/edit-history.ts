import { applyCommand, type ModelCommand, type RefusedEdit } from './edit-commands.ts';
import type { ProcessModel } from './process-model.ts';

/** One applied edit and the command that undoes it. */
export interface AppliedEdit {
  command: ModelCommand;
  inverse: ModelCommand;
}

/**
 * A model and the edits that led to it, for undo and redo. Immutable: every
 * operation returns a new history (the editor keeps the latest; earlier ones
 * stay valid).
 */
export interface EditHistory {
  model: ProcessModel;
  /** Applied edits, oldest first; the last one is undone first. */
  done: AppliedEdit[];
  /** Undone edits, the next to redo last. */
  undone: AppliedEdit[];
}

export function startHistory(model: ProcessModel): EditHistory {
  return { model, done: [], undone: [] };
}

/** Applies an edit (if its rule allows it) and forgets what was undone. */
export function edit(
  history: EditHistory,
  command: ModelCommand,
): { ok: true; history: EditHistory } | RefusedEdit {
  const result = applyCommand(history.model, command);
  if (!result.ok) return result;
  return {
    ok: true,
    history: {
      model: result.model,
      done: [...history.done, { command, inverse: result.inverse }],
      undone: [],
    },
  };
}

/** Undoes the last edit; the history unchanged when there is none. */
export function undo(history: EditHistory): EditHistory {
  const last = history.done.at(-1);
  if (!last) return history;
  const result = applyCommand(history.model, last.inverse);
  // An inverse always applies to the model its edit produced.
  if (!result.ok) throw new Error(`cannot undo ${last.command.type}: ${result.message}`);
  return {
    model: result.model,
    done: history.done.slice(0, -1),
    undone: [...history.undone, { command: last.command, inverse: result.inverse }],
  };
}

/** Applies again the edit undone last; the history unchanged when there is none. */
export function redo(history: EditHistory): EditHistory {
  const next = history.undone.at(-1);
  if (!next) return history;
  const result = applyCommand(history.model, next.command);
  if (!result.ok) throw new Error(`cannot redo ${next.command.type}: ${result.message}`);
  return {
    model: result.model,
    done: [...history.done, { command: next.command, inverse: result.inverse }],
    undone: history.undone.slice(0, -1),
  };
}
