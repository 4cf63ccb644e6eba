import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { attributeValue, XmlScanner, XmlSyntaxError } from './scan-xml.ts';

type Seen = ['open', string, Record<string, string>, number] | ['close', string];

/** Scans `pieces` one after another and lists what the handler heard. */
function scan(...pieces: string[]): Seen[] {
  const seen: Seen[] = [];
  const scanner = new XmlScanner({
    open: (name, attributes, line) => {
      const record: Record<string, string> = {};
      for (let i = 0; i < attributes.length; i += 2) {
        record[attributes[i] as string] = attributes[i + 1] as string;
      }
      seen.push(['open', name, record, line]);
    },
    close: (name) => seen.push(['close', name]),
  });
  for (const piece of pieces) scanner.write(piece);
  scanner.close();
  return seen;
}

/** What saxes, a conforming XML parser, hears in the same document. */
function saxes(document: string): Seen[] {
  const seen: Seen[] = [];
  const parser = new SaxesParser({ position: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) =>
    seen.push(['open', tag.name, { ...(tag.attributes as Record<string, string>) }, parser.line]),
  );
  parser.on('closetag', (tag) => seen.push(['close', tag.name]));
  parser.write(document).close();
  return seen;
}

function refusal(...pieces: string[]): XmlSyntaxError {
  try {
    scan(...pieces);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('XmlScanner', () => {
  it('reports elements, their attributes and the line of their <, self-closing ones closed at once', () => {
    const document = `<?xml version="1.0" encoding="UTF-8"?>
<!-- OpenXES -->
<log xes.version="1.0">
\t<trace>
\t\t<string key="concept:name" value='报价 &amp; 合同'/>
\t</trace>
</log>
`;
    expect(scan(document)).toEqual([
      ['open', 'log', { 'xes.version': '1.0' }, 3],
      ['open', 'trace', {}, 4],
      ['open', 'string', { key: 'concept:name', value: '报价 & 合同' }, 5],
      ['close', 'string'],
      ['close', 'trace'],
      ['close', 'log'],
    ]);
  });

  it('decodes the predefined entities and character references, and reads line breaks and tabs in values as spaces', () => {
    const [open] = scan('<a v="&lt;&gt;&quot;&apos;&#20013;&#x6587;&#x1F600;" w="x\r\ny\tz\nw"/>');
    expect(open).toEqual(['open', 'a', { v: `<>"'中文😀`, w: 'x y z w' }, 1]);
  });

  it('counts the lines inside a tag for the tags after it', () => {
    const seen = scan('<a\n  b="1\n2"\n><c/></a>');
    expect(seen[1]).toEqual(['open', 'c', {}, 4]);
  });

  it('gives the same elements and attributes as saxes, however the document is cut into pieces', () => {
    const name = fc.constantFrom(
      'log',
      'trace',
      'event',
      'string',
      'date',
      'x:y',
      '事件',
      'a-b.c_d',
    );
    const text = fc
      .array(
        fc.constantFrom(
          'a',
          'Z',
          ' ',
          '中',
          '&amp;',
          '&lt;',
          '&#x4e2d;',
          '&#10;',
          '\t',
          '>',
          "'",
          '"',
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join(''));
    const attributes = fc.uniqueArray(fc.tuple(name, text), {
      selector: ([key]) => key,
      maxLength: 3,
    });
    const gap = fc.constantFrom('', '\n', '\n\t\t', ' ', '<!-- a > b -->', '<?pi x?>');
    const element: fc.Memo<string> = fc.memo((depth) =>
      fc
        .tuple(
          name,
          attributes,
          depth > 1 ? fc.array(element(depth - 1), { maxLength: 3 }) : fc.constant([]),
          gap,
        )
        .map(([tag, list, children, space]) => {
          const written = list
            .map(([key, value]) =>
              value.includes('"')
                ? ` ${key}='${value.replaceAll("'", '&apos;')}'`
                : ` ${key}="${value}"`,
            )
            .join('');
          return children.length === 0
            ? `<${tag}${written}/>${space}`
            : `<${tag}${written}>${space}${children.join('')}</${tag}>${space}`;
        }),
    );
    fc.assert(
      fc.property(element(4), fc.array(fc.nat(), { maxLength: 6 }), (root, cuts) => {
        const document = `<?xml version="1.0"?>\n${root}`;
        const points = [...new Set(cuts.map((cut) => cut % (document.length + 1)))].sort(
          (a, b) => a - b,
        );
        const pieces = [0, ...points].map((from, i) =>
          document.slice(from, [...points, document.length][i]),
        );
        expect(scan(...pieces)).toEqual(saxes(document));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [
      'a tag closed by the wrong name',
      '<log><trace></log>',
      1,
      '</log> where </trace> was expected',
    ],
    ['an element never closed', '<log>\n<trace>\n', 3, '<trace> is never closed'],
    ['an empty document', '', 1, 'no root element'],
    ['text before the root', 'case,activity\nD1,A\n', 1, 'text before the root element'],
    ['two roots', '<a/>\n<b/>', 2, '<b> after the root element'],
    ['an unquoted attribute', '<a b=1/>', 1, 'attribute b of <a> is not quoted'],
    ['an attribute twice', '<a b="1" b="2"/>', 1, 'attribute b twice in <a>'],
    [
      'attributes without a space between',
      '<a b="1"c="2"/>',
      1,
      'no space after attribute b in <a>',
    ],
    ['a < in a value', '<a b="<"/>', 1, 'a < inside an attribute of <a>'],
    ['an undefined entity', '<a b="&nbsp;"/>', 1, 'undefined entity &nbsp; in <a>'],
    ['a bare &', '<a b="fish & chips"/>', 1, 'an & not starting a reference in <a>'],
    ['a reference to no character', '<a b="&#0;"/>', 1, '&#0; is not a character in <a>'],
    ['a document cut inside a tag', '<log>\n<trace key="', 2, 'the document ends inside a tag'],
  ])('refuses %s, saying where', (_, document, line, message) => {
    const error = refusal(document);
    expect({ line: error.line, message: error.message, kind: error.kind }).toEqual({
      line,
      message,
      kind: 'malformed',
    });
  });

  it('refuses a DOCTYPE that declares entities, without expanding any (billion laughs)', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<log a="&lol2;"/>';
    expect(refusal(laughs)).toMatchObject({ kind: 'entities', line: 2 });
    const external = '<!DOCTYPE log [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><log a="&xxe;"/>';
    expect(refusal(external)).toMatchObject({ kind: 'entities' });
  });

  it('reads past a DOCTYPE without entity declarations', () => {
    expect(scan('<!DOCTYPE log>\n<log/>')).toEqual([
      ['open', 'log', {}, 2],
      ['close', 'log'],
    ]);
  });
});

describe('attributeValue', () => {
  it('finds an attribute by name in the name/value list', () => {
    expect(attributeValue(['key', 'concept:name', 'value', 'A'], 'value')).toBe('A');
    expect(attributeValue(['key', 'concept:name'], 'value')).toBeUndefined();
  });
});
