/**
 * XML names (NCName, as XML Schema's ID type requires): a start character,
 * then name characters, no colon. Ranges from XML 1.0 (fifth edition) §2.3.
 */
const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NC_NAME = new RegExp(`^[${NAME_START}][${NAME_REST}]*$`, 'u');
const NOT_NAME_CHARACTER = new RegExp(`[^${NAME_REST}]`, 'gu');
const NAME_START_CHARACTER = new RegExp(`^[${NAME_START}]`, 'u');

/** Whether a text can be an XML id (an NCName). */
export function isNcName(text: string): boolean {
  return NC_NAME.test(text);
}

/**
 * Hands out XML ids that are unique in one document. A model id that is
 * already a valid XML name is kept as it is; any other is made one
 * (characters that cannot be in a name become `_`, a leading `_` when it
 * starts with a digit, a `_2` suffix on a clash) and reported as mapped, so
 * that the exporter writes the model id beside it.
 */
export class XmlIdAllocator {
  private readonly used = new Set<string>();

  /** An id for a model object: the same text when possible. */
  forModelId(modelId: string): { xmlId: string; isMapped: boolean } {
    if (isNcName(modelId) && !this.used.has(modelId)) {
      this.used.add(modelId);
      return { xmlId: modelId, isMapped: false };
    }
    return { xmlId: this.fresh(modelId), isMapped: true };
  }

  /** A new id from a wanted text (generated elements: pools, data objects, diagram shapes). */
  fresh(wanted: string): string {
    let base = wanted.replace(NOT_NAME_CHARACTER, '_');
    if (!NAME_START_CHARACTER.test(base)) base = `_${base}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }
}
