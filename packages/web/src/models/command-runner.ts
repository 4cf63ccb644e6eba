import { applyCommand, type ModelCommand, type ProcessModel } from '@pipewise/engine/process-model';
import { App } from 'antd';
import { useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { errorText } from '../session/session.ts';

export interface EditorState {
  model: ProcessModel;
  revision: number;
}

/** Applies commands in order; the model and each inverse (last first, for undo), or why one was refused. */
export function applyAll(
  model: ProcessModel,
  commands: readonly ModelCommand[],
): { ok: true; model: ProcessModel; inverse: ModelCommand[] } | { ok: false; message: string } {
  let current = model;
  const inverse: ModelCommand[] = [];
  for (const command of commands) {
    const result = applyCommand(current, command);
    if (!result.ok) return { ok: false, message: result.message };
    current = result.model;
    inverse.unshift(result.inverse);
  }
  return { ok: true, model: current, inverse };
}

/** Runs the edits of one model version: the table's and the rules', with one undo history. */
export interface CommandRunner {
  /** Applies `commands` at once and saves them; false (with a message shown) when refused. */
  run: (commands: ModelCommand[]) => boolean;
  canUndo: boolean;
  canRedo: boolean;
  undo: () => void;
  redo: () => void;
}

/**
 * Every edit is one of the engine's commands: applied here at once (the
 * chart redraws) and saved on the server with the revision it was made on,
 * one save after another, each with the revision the previous one made. A
 * refused save (a stale revision, a rule of the server) clears the history
 * and reloads the version.
 */
export function useCommandRunner({
  versionId,
  state,
  update,
  note,
  reload,
}: {
  versionId: string;
  /** None while the version loads: nothing runs. */
  state: EditorState | undefined;
  update: (change: (previous: EditorState) => EditorState) => void;
  /** Why these edits are made and the problems they address, saved with each into the change log. */
  note?: { reason: string; problemIds: string[] };
  /** Loads the saved version again (after a refused save); its revision. */
  reload: () => Promise<number | undefined>;
}): CommandRunner {
  const { message } = App.useApp();
  const [undoStack, setUndo] = useState<ModelCommand[][]>([]);
  const [redoStack, setRedo] = useState<ModelCommand[][]>([]);
  // The revision the next save is made on: the one the previous save made, or
  // after a refused save, the reloaded version's.
  const saving = useRef<Promise<number | undefined>>(Promise.resolve(undefined));
  const latest = useRef(state);
  latest.current = state;
  // Bumped by a refused save: edits queued before it are dropped (the reload replaces them).
  const round = useRef(0);

  const apply = (commands: ModelCommand[], as: 'do' | 'undo' | 'redo'): boolean => {
    if (!state) return false;
    const applied = applyAll(state.model, commands);
    if (!applied.ok) {
      void message.error(applied.message);
      return false;
    }
    if (as === 'undo') {
      setUndo((stack) => stack.slice(0, -1));
      setRedo((stack) => [...stack, applied.inverse]);
    } else {
      setUndo((stack) => [...stack, applied.inverse]);
      if (as === 'do') setRedo([]);
      else setRedo((stack) => stack.slice(0, -1));
    }
    update((previous) => ({ ...previous, model: applied.model }));
    const queuedIn = round.current;
    saving.current = saving.current.then(async (previous) => {
      if (queuedIn !== round.current) return previous;
      const revision = previous ?? latest.current?.revision;
      try {
        const saved = await api<{ version: { revision: number } }>(
          'POST',
          `/api/versions/${versionId}/commands`,
          { revision, commands, ...(note ?? {}) },
        );
        update((previous) => ({ ...previous, revision: saved.version.revision }));
        return saved.version.revision;
      } catch (error) {
        void message.error(errorText(error));
        round.current++;
        setUndo([]);
        setRedo([]);
        return reload().catch(() => undefined);
      }
    });
    return true;
  };
  return {
    run: (commands) => apply(commands, 'do'),
    canUndo: undoStack.length > 0,
    canRedo: redoStack.length > 0,
    undo: () => void apply(undoStack[undoStack.length - 1]!, 'undo'),
    redo: () => void apply(redoStack[redoStack.length - 1]!, 'redo'),
  };
}
