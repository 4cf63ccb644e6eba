import { SaxesParser } from 'saxes';

/** An element of a parsed SVG, for tests. */
export interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  children: SvgElement[];
  /** The text directly inside it. */
  text: string;
}

/** Parses an SVG with a conforming XML parser; throws on the first well-formedness error. */
export function parseSvg(svg: string): SvgElement {
  const parser = new SaxesParser({ xmlns: true });
  const root: SvgElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: SvgElement[] = [root];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes))
      attributes[name] = typeof attribute === 'string' ? attribute : attribute.value;
    const element: SvgElement = { name: tag.local ?? tag.name, attributes, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(svg).close();
  return root.children[0]!;
}

/** Every element below `element` (itself included), depth first. */
export function allElements(element: SvgElement): SvgElement[] {
  return [element, ...element.children.flatMap(allElements)];
}

/** The text of an element and everything in it. */
export function textOf(element: SvgElement): string {
  return element.text + element.children.map(textOf).join('');
}

/** Elements with a class (among others). */
export function byClass(root: SvgElement, className: string): SvgElement[] {
  return allElements(root).filter((element) =>
    (element.attributes.class ?? '').split(' ').includes(className),
  );
}
