/**
 * The XML ids Pipewise writes: ASCII letters, digits, `_`, `-` and `.`,
 * starting with a letter or `_`. That is a subset of XML names (NCName)
 * that every BPMN tool takes: bpmn-js (bpmn.io, Camunda Modeler) refuses
 * ids with other characters ("illegal ID"), Chinese ones included.
 */
const PORTABLE_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function isPortableXmlId(text: string): boolean {
  return PORTABLE_ID.test(text);
}

/**
 * Hands out XML ids that are unique in one document. A model id that is
 * already a portable XML id is kept as it is; any other is made one (runs
 * of other characters become one `_`, a leading `_` before a digit, a
 * fallback such as `Step` when nothing is left, `_2` on a clash) and
 * reported as mapped, so that the exporter writes the model id beside it.
 */
export class XmlIdAllocator {
  private readonly used = new Set<string>();

  /** An id for a model object: the same text when possible. */
  forModelId(modelId: string, fallback: string): { xmlId: string; isMapped: boolean } {
    if (isPortableXmlId(modelId) && !this.used.has(modelId)) {
      this.used.add(modelId);
      return { xmlId: modelId, isMapped: false };
    }
    return { xmlId: this.fresh(modelId, fallback), isMapped: true };
  }

  /** A new id from a wanted text (generated elements: pools, data objects, diagram shapes). */
  fresh(wanted: string, fallback = 'Element'): string {
    let base = wanted.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
    if (!/[A-Za-z0-9]/.test(base)) base = fallback;
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }
}
