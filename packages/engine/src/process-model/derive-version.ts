import type { LocalizedText, ModelVersion, ProcessModel } from './process-model.ts';

/**
 * A new version of a model to edit, typically the to-be process (优化后流程)
 * derived from the as-is one: the same steps, lanes and flows with the same
 * ids (so `diffModels` can tell what changed), numbered one past its parent,
 * and remembering which model and version it came from. A to-be derived from
 * an as-is whose name says so is named for what it is ("销售流程（现状）" →
 * "销售流程（优化后）", "Sales (as-is)" → "Sales (to-be)").
 */
export function deriveVersion(
  parent: ProcessModel,
  options: { id: string; stage?: ModelVersion['stage']; label?: string },
): ProcessModel {
  const copy = structuredClone(parent);
  const stage = options.stage ?? 'to-be';
  return {
    ...copy,
    ...(stage === 'to-be' && parent.version.stage === 'as-is'
      ? { name: toBeName(parent.name) }
      : {}),
    id: options.id,
    version: {
      number: parent.version.number + 1,
      stage,
      ...(options.label !== undefined ? { label: options.label } : {}),
      derivedFrom: { modelId: parent.id, number: parent.version.number },
    },
  };
}

/** The as-is words of a name turned to-be: 现状 → 优化后, as-is → to-be. */
export function toBeName(name: LocalizedText): LocalizedText {
  return {
    ...(name.zh !== undefined ? { zh: name.zh.replaceAll('现状', '优化后') } : {}),
    ...(name.en !== undefined
      ? {
          en: name.en.replace(/\b(as)-is\b/gi, (_, as: string) =>
            as === 'As' || as === 'AS' ? 'To-be' : 'to-be',
          ),
        }
      : {}),
  };
}
