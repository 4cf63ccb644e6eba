import type { ModelVersion, ProcessModel } from './process-model.ts';

/**
 * A new version of a model to edit, typically the to-be process (优化后流程)
 * derived from the as-is one: the same steps, lanes and flows with the same
 * ids (so `diffModels` can tell what changed), numbered one past its parent,
 * and remembering which model and version it came from.
 */
export function deriveVersion(
  parent: ProcessModel,
  options: { id: string; stage?: ModelVersion['stage']; label?: string },
): ProcessModel {
  const copy = structuredClone(parent);
  return {
    ...copy,
    id: options.id,
    version: {
      number: parent.version.number + 1,
      stage: options.stage ?? 'to-be',
      ...(options.label !== undefined ? { label: options.label } : {}),
      derivedFrom: { modelId: parent.id, number: parent.version.number },
    },
  };
}
