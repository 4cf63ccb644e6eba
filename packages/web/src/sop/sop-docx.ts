import type { SopManual, TextBlock } from '@pipewise/engine/process-model';
import { parseSopText } from '@pipewise/engine/process-model';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/** The manual's words in one language (the caller takes them from the app's messages). */
export interface SopLabels {
  title: string;
  version: string;
  chart: string;
  owner: string;
  after: string;
  next: string;
  inputs: string;
  outputs: string;
  systems: string;
  estimated: string;
  deadline: string;
  escalation: string;
  required: string;
  otherRules: string;
  instructions: string;
  script: string;
  exceptions: string;
  none: string;
  first: string;
  separator: string;
}

/** The swimlane chart as a PNG, with its size in pixels. */
export interface ChartImage {
  png: Uint8Array;
  width: number;
  height: number;
}

const NUMBERING = 'sop-numbered';

/** Numbered lists of one document, each its own Word list (numbered from 1), by a running instance. */
interface ListCounter {
  next: number;
}

function blocksToParagraphs(blocks: TextBlock[], empty: string, lists: ListCounter): Paragraph[] {
  if (blocks.length === 0)
    return [new Paragraph({ children: [new TextRun({ text: empty, italics: true })] })];
  return blocks.flatMap((block) => {
    const runs = (spans: { text: string; bold: boolean }[]) =>
      spans.map((span) => new TextRun({ text: span.text, bold: span.bold }));
    if (block.kind === 'paragraph') return [new Paragraph({ children: runs(block.spans) })];
    const instance = block.ordered ? lists.next++ : 0;
    return block.items.map(
      (item) =>
        new Paragraph({
          children: runs(item),
          ...(block.ordered
            ? { numbering: { reference: NUMBERING, level: 0, instance } }
            : { bullet: { level: 0 } }),
        }),
    );
  });
}

/**
 * The SOP manual as a Word document (A4 landscape): a title, the swimlane
 * chart, then per step a table of what the model says (owner, trigger, next
 * steps, inputs, outputs, systems, estimate, deadline) and the instructions,
 * script templates and exception handling people wrote, with their lists
 * and bold kept.
 */
export function sopManualDocument(
  manual: SopManual,
  labels: SopLabels,
  formatDuration: (estimate: NonNullable<SopManual['sections'][number]['deadline']>) => string,
  chart?: ChartImage,
): Document {
  const list = (values: readonly string[]) =>
    values.length === 0 ? labels.none : values.join(labels.separator);
  // A4 landscape is 29.7 cm wide: about 900 px of image across the margins.
  const scale = chart ? Math.min(1, 900 / chart.width) : 1;
  /** A row of label and value; a list of values is a paragraph each. */
  const row = (label: string, value: string | string[]) =>
    new TableRow({
      children: [
        new TableCell({
          width: { size: 22, type: WidthType.PERCENTAGE },
          children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })],
        }),
        new TableCell({
          width: { size: 78, type: WidthType.PERCENTAGE },
          children: (Array.isArray(value) ? value : [value]).map((text) => new Paragraph(text)),
        }),
      ],
    });
  const lists: ListCounter = { next: 1 };
  const sections = manual.sections.flatMap((section) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: `${section.number}. ${section.name}` }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        row(
          labels.owner,
          [section.owner, section.department].filter((part) => part).join(' · ') || labels.none,
        ),
        row(labels.after, section.after.length === 0 ? labels.first : list(section.after)),
        row(
          labels.next,
          list(
            section.next.map((next) =>
              next.condition ? `${next.name}（${next.condition}）` : next.name,
            ),
          ),
        ),
        row(labels.inputs, list(section.inputs)),
        row(labels.outputs, list(section.outputs)),
        row(labels.systems, list(section.systems)),
        row(labels.estimated, section.estimated ? formatDuration(section.estimated) : labels.none),
        row(labels.deadline, section.deadline ? formatDuration(section.deadline) : labels.none),
        row(labels.escalation, section.escalation ?? labels.none),
        row(labels.required, section.required ?? labels.none),
        row(labels.otherRules, section.otherRules.length > 0 ? section.otherRules : labels.none),
      ],
    }),
    new Paragraph({ heading: HeadingLevel.HEADING_3, text: labels.instructions }),
    ...blocksToParagraphs(parseSopText(section.instructions), labels.none, lists),
    new Paragraph({ heading: HeadingLevel.HEADING_3, text: labels.script }),
    ...blocksToParagraphs(parseSopText(section.script), labels.none, lists),
    new Paragraph({ heading: HeadingLevel.HEADING_3, text: labels.exceptions }),
    ...blocksToParagraphs(parseSopText(section.exceptions), labels.none, lists),
  ]);
  return new Document({
    title: `${manual.title} — ${labels.title}`,
    numbering: {
      config: [
        {
          reference: NUMBERING,
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, text: `${manual.title} — ${labels.title}` }),
          new Paragraph(labels.version),
          ...(chart
            ? [
                new Paragraph({ heading: HeadingLevel.HEADING_1, text: labels.chart }),
                new Paragraph({
                  children: [
                    new ImageRun({
                      type: 'png',
                      data: chart.png,
                      transformation: {
                        width: Math.round(chart.width * scale),
                        height: Math.round(chart.height * scale),
                      },
                    }),
                  ],
                }),
              ]
            : []),
          ...sections,
        ],
      },
    ],
  });
}
