import { SaxesParser, type SaxesTagNS } from 'saxes';
import { clipValue, InputFailure } from '../input-error/index.ts';

/** An attribute with its namespace resolved. */
export interface XmlAttribute {
  /** As written, with its prefix (`camunda:assignee`). */
  name: string;
  uri: string;
  local: string;
  value: string;
}

/**
 * An element with its namespace resolved and where its start tag begins
 * (1-based line and column, columns counted in characters), so that
 * importers can say where a problem is.
 */
export interface XmlElement {
  name: string;
  uri: string;
  local: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Its own text and CDATA, not its children's. */
  text: string;
  line: number;
  column: number;
}

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

/**
 * Reads a whole XML document into a tree of namespace-resolved elements.
 * BPMN files are small (the largest real one here is under 1 MB), and an
 * importer needs to look up elements by id in any order, so a tree is the
 * simple shape; saxes still does the parsing (it does not expand entities).
 * A DOCTYPE that declares entities is refused before anything is read, so a
 * "billion laughs" file cannot make us expand it. Throws `InputFailure`
 * (`malformed-xml`, `entities-not-allowed`) with the line and column.
 */
export function readXmlTree(text: string, file: string, expected: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  // Where the start tag being read began: saxes reports positions after
  // what it has read, so the `<` is found back from the name's end.
  let tagLine = 1;
  let tagColumn = 1;

  parser.on('error', (error) => {
    throw new InputFailure({
      reason: 'malformed-xml',
      file,
      line: parser.line,
      lineColumn: parser.column,
      value: clipValue(error.message.replace(/^.*?\d+:\d+: /, '')),
      expected,
    });
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new InputFailure({
        reason: 'entities-not-allowed',
        file,
        line: parser.line,
        expected: `${expected} without a DOCTYPE`,
      });
    }
  });
  parser.on('opentagstart', (tag) => {
    tagLine = parser.line;
    // `column` is just past the character that ended the name.
    tagColumn = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag) => {
    const nsTag = tag as SaxesTagNS;
    const attributes: XmlAttribute[] = [];
    for (const attribute of Object.values(nsTag.attributes)) {
      if (attribute.uri === XMLNS_URI) continue;
      attributes.push({
        name: attribute.name,
        uri: attribute.uri,
        local: attribute.local,
        value: attribute.value,
      });
    }
    const element: XmlElement = {
      name: nsTag.name,
      uri: nsTag.uri,
      local: nsTag.local,
      attributes,
      children: [],
      text: '',
      line: tagLine,
      column: tagColumn,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (value) => {
    const current = stack[stack.length - 1];
    if (current) current.text += value;
  });
  parser.on('cdata', (value) => {
    const current = stack[stack.length - 1];
    if (current) current.text += value;
  });

  parser.write(text).close();
  if (!root) {
    throw new InputFailure({ reason: 'malformed-xml', file, line: 1, expected });
  }
  return root;
}

/** The value of an attribute without a namespace (BPMN's own attributes are written unprefixed). */
export function attributeOf(element: XmlElement, local: string): string | undefined {
  for (const attribute of element.attributes) {
    if (attribute.local === local && attribute.uri === '') return attribute.value;
  }
  return undefined;
}

/** The value of an attribute in a namespace. */
export function namespacedAttributeOf(
  element: XmlElement,
  uri: string,
  local: string,
): string | undefined {
  for (const attribute of element.attributes) {
    if (attribute.local === local && attribute.uri === uri) return attribute.value;
  }
  return undefined;
}
