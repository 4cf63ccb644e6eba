import type { Lane, ProcessModel, Step, StepKind } from '@pipewise/engine/process-model';
import { displayName } from '@pipewise/engine/process-model';
import { escapeXml } from '../text/escape-xml.ts';
import { estimateTextWidth } from '../text/measure-text.ts';
import { wrapText } from '../text/wrap-text.ts';
import { findRange, SCALE_STOPS, scaleColor, type ValueRange } from './color-scale.ts';
import { SIZES } from './drawing-sizes.ts';
import { durationBadges, formatFigure, type Language } from './duration-badges.ts';
import { flowLabelLines } from './flow-label.ts';
import { wrapFlowLabel } from './flow-label-box.ts';
import { laneLabel } from './lane-label.ts';
import type { Box, SwimlaneLayout } from './swimlane-layout.ts';

/** Options of `renderSwimlaneSvg`. */
export interface SwimlaneSvgOptions {
  language: Language;
  /**
   * Colours steps by a figure per step (median duration, rework rate…), low
   * to high, with a legend; steps without a value stay grey.
   */
  colorBy?: {
    values: Map<string, number>;
    label: string;
    format?: (value: number) => string;
    /** Fixed ends of the scale (scores: 1 to 5), so a figure has one colour in every chart; default the values' own range. */
    domain?: ValueRange;
    /** High values are good (scores): the highest gets the palest colour, the lowest the strongest. */
    higherIsBetter?: boolean;
  };
  /** Duration badges under the steps (default true; needs a layout made with room for them). */
  showDurations?: boolean;
  title?: string;
  /**
   * Prefix of the ids inside the SVG (arrowheads, the colour gradient), so
   * that several charts can be inlined in one page. Default "pw".
   */
  idPrefix?: string;
}

/** Chinese-capable fonts first (macOS, Windows, Linux), then any sans-serif. */
export const FONT_STACK =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

const MARGIN_PX = 16;
const TITLE_HEIGHT_PX = 34;
const LEGEND_HEIGHT_PX = 56;
const LEGEND_BAR_WIDTH_PX = 200;

/** Ink of each part; one palette for the chart and its diff. */
export const PALETTE = {
  text: '#102a43',
  mutedText: '#52606d',
  laneBorder: '#bcccdc',
  laneHeader: '#eef2f6',
  laneBands: ['#ffffff', '#f7f9fb'],
  flow: '#486581',
  handOff: '#d9480f',
  back: '#7048e8',
  artifact: '#5f3dc4',
  noValue: '#e9ecef',
} as const;

/** How a step kind looks: fill, stroke, and a dashed outline for waits. */
const KIND_STYLE: Record<
  StepKind,
  { fill: string; stroke: string; strokeWidth: number; dash?: string }
> = {
  task: { fill: '#e8f1fb', stroke: '#2f6fad', strokeWidth: 1.5 },
  subprocess: { fill: '#e8f1fb', stroke: '#2f6fad', strokeWidth: 1.5 },
  approval: { fill: '#e6fcf5', stroke: '#0b7285', strokeWidth: 1.5 },
  'hand-off': { fill: '#fff4e6', stroke: '#d9480f', strokeWidth: 1.5 },
  wait: { fill: '#f8f9fa', stroke: '#868e96', strokeWidth: 1.5, dash: '5 3' },
  decision: { fill: '#fff9db', stroke: '#e67700', strokeWidth: 1.5 },
  start: { fill: '#ebfbee', stroke: '#2b8a3e', strokeWidth: 1.5 },
  end: { fill: '#fff5f5', stroke: '#c92a2a', strokeWidth: 3.5 },
  event: { fill: '#e7f5ff', stroke: '#1971c2', strokeWidth: 1.5 },
};

const KIND_NAMES: Record<Language, Record<StepKind, string>> = {
  en: {
    start: 'start',
    end: 'end',
    task: 'task',
    approval: 'approval',
    'hand-off': 'hand-off',
    wait: 'wait',
    decision: 'decision',
    subprocess: 'subprocess',
    event: 'event',
  },
  zh: {
    start: '开始',
    end: '结束',
    task: '任务',
    approval: '审批',
    'hand-off': '交接',
    wait: '等待',
    decision: '决策',
    subprocess: '子流程',
    event: '事件',
  },
};

const WORDS = {
  en: { systems: 'systems', noValue: 'no value', handOff: 'hand-off' },
  zh: { systems: '系统', noValue: '无数据', handOff: '交接' },
} as const;

/** A number for SVG: at most one decimal, no trailing zeros. */
export function formatCoordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** How the diff drawing marks a step: outline, fill and a short tag over it. */
export interface StepDecoration {
  stroke: string;
  fill?: string;
  tag?: string;
  /** A value for `data-diff`, so that a page or a test can find the marked steps. */
  mark: string;
  /** A dashed outline: a step that is gone, drawn where it was (the overlay diff). */
  dash?: string;
}

/** How the diff drawing marks a flow. */
export interface FlowDecoration {
  stroke: string;
  mark: string;
  /** Dashed: a flow that is gone (the overlay diff). */
  dashed?: boolean;
}

/** Everything the body of a chart is drawn from. */
export interface ChartBodySettings {
  language: Language;
  showDurations: boolean;
  idPrefix: string;
  /** A fill per step id, from `colorBy`. */
  fills?: Map<string, string>;
  /** Fill of steps `fills` has no colour for; unset, the kind's own. */
  missingFill?: string;
  stepDecorations?: Map<string, StepDecoration>;
  flowDecorations?: Map<string, FlowDecoration>;
  /** An outline colour per lane id for lane headers the diff marks. */
  laneColors?: Map<string, string>;
}

/** The arrowhead and hand-off dot markers for one colour. */
function markerDefs(prefix: string, name: string, color: string): string {
  return (
    `<marker id="${prefix}-arrow-${name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>` +
    `<marker id="${prefix}-dot-${name}" viewBox="0 0 8 8" refX="4" refY="4" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse"><circle cx="4" cy="4" r="3.5" fill="${color}"/></marker>`
  );
}

/** The `<defs>` of a chart: markers for the flow colours in `colors` (name → colour). */
export function renderDefs(prefix: string, colors: Record<string, string>): string {
  return `<defs>${Object.entries(colors)
    .map(([name, color]) => markerDefs(prefix, name, color))
    .join('')}</defs>`;
}

/** The colours flows are drawn in, by marker name. */
export const FLOW_COLORS: Record<string, string> = {
  flow: PALETTE.flow,
  handoff: PALETTE.handOff,
  back: PALETTE.back,
};

/** Text lines centred in a box, one `<tspan>` per line. */
function centredLines(
  lines: readonly string[],
  box: Box,
  fontPx: number,
  lineHeightPx: number,
  attributes: string,
): string {
  const centreX = formatCoordinate(box.x + box.width / 2);
  const top = box.y + (box.height - lines.length * lineHeightPx) / 2;
  const spans = lines
    .map(
      (line, index) =>
        `<tspan x="${centreX}" y="${formatCoordinate(top + index * lineHeightPx + (lineHeightPx + fontPx * 0.7) / 2)}">${escapeXml(line)}</tspan>`,
    )
    .join('');
  return `<text font-size="${fontPx}" text-anchor="middle" ${attributes}>${spans}</text>`;
}

function renderLane(
  lane: Lane | null,
  laid: SwimlaneLayout['lanes'][number],
  index: number,
  language: Language,
  markColor: string | undefined,
): string {
  const { box, labelBox } = laid;
  const label = laneLabel(lane, language);
  const lineCount = label.nameLines.length + label.departmentLines.length;
  const textHeight =
    label.nameLines.length * SIZES.laneNameLineHeightPx +
    label.departmentLines.length * SIZES.laneDepartmentLineHeightPx;
  let y = labelBox.y + (labelBox.height - textHeight) / 2;
  const centreX = formatCoordinate(labelBox.x + labelBox.width / 2);
  const spans: string[] = [];
  for (const line of label.nameLines) {
    spans.push(
      `<tspan x="${centreX}" y="${formatCoordinate(y + (SIZES.laneNameLineHeightPx + SIZES.laneNameFontPx * 0.7) / 2)}" font-size="${SIZES.laneNameFontPx}" font-weight="600" fill="${PALETTE.text}">${escapeXml(line)}</tspan>`,
    );
    y += SIZES.laneNameLineHeightPx;
  }
  for (const line of label.departmentLines) {
    spans.push(
      `<tspan x="${centreX}" y="${formatCoordinate(y + (SIZES.laneDepartmentLineHeightPx + SIZES.laneDepartmentFontPx * 0.7) / 2)}" font-size="${SIZES.laneDepartmentFontPx}" fill="${PALETTE.mutedText}">${escapeXml(line)}</tspan>`,
    );
    y += SIZES.laneDepartmentLineHeightPx;
  }
  const fill = PALETTE.laneBands[index % 2]!;
  const laneId = laid.laneId === null ? '' : ` data-lane-id="${escapeXml(laid.laneId)}"`;
  return (
    `<g class="lane"${laneId}>` +
    `<rect x="${formatCoordinate(box.x)}" y="${formatCoordinate(box.y)}" width="${formatCoordinate(box.width)}" height="${formatCoordinate(box.height)}" fill="${fill}" stroke="${PALETTE.laneBorder}"/>` +
    `<rect x="${formatCoordinate(labelBox.x)}" y="${formatCoordinate(labelBox.y)}" width="${formatCoordinate(labelBox.width)}" height="${formatCoordinate(labelBox.height)}" fill="${PALETTE.laneHeader}" stroke="${markColor ?? PALETTE.laneBorder}"${markColor ? ' stroke-width="3"' : ''}/>` +
    (lineCount > 0 ? `<text class="lane-name" text-anchor="middle">${spans.join('')}</text>` : '') +
    '</g>'
  );
}

/** The outline of a step's shape. */
function shapeOutline(
  laid: SwimlaneLayout['steps'][number],
  fill: string,
  stroke: string,
  strokeWidth: number,
  dash: string | undefined,
): string {
  const { box } = laid;
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${dash ? ` stroke-dasharray="${dash}"` : ''}`;
  const x = formatCoordinate(box.x);
  const y = formatCoordinate(box.y);
  const cx = formatCoordinate(box.x + box.width / 2);
  const cy = formatCoordinate(box.y + box.height / 2);
  if (laid.shape === 'circle')
    return `<circle class="shape" cx="${cx}" cy="${cy}" r="${formatCoordinate(box.width / 2)}" ${paint}/>`;
  if (laid.shape === 'diamond') {
    const right = formatCoordinate(box.x + box.width);
    const bottom = formatCoordinate(box.y + box.height);
    return `<polygon class="shape" points="${cx},${y} ${right},${cy} ${cx},${bottom} ${x},${cy}" ${paint}/>`;
  }
  return `<rect class="shape" x="${x}" y="${y}" width="${formatCoordinate(box.width)}" height="${formatCoordinate(box.height)}" rx="8" ${paint}/>`;
}

/**
 * The small sign of a step's kind: a check mark for approvals, an arrow for
 * hand-offs, an hourglass for waits in the top-right corner; "+" at the
 * bottom of a subprocess; the gateway's sign in a diamond; a second ring
 * for an intermediate event.
 */
function kindMarker(step: Step, laid: SwimlaneLayout['steps'][number], stroke: string): string {
  const { box } = laid;
  const f = formatCoordinate;
  const corner = { x: box.x + box.width - 15, y: box.y + 5 };
  const line = (width = 1.6) =>
    `fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"`;
  switch (step.kind) {
    case 'approval':
      return `<path class="marker" d="M${f(corner.x)},${f(corner.y + 5)} l3.5,4 l6,-8" ${line()}/>`;
    case 'hand-off':
      return `<path class="marker" d="M${f(corner.x)},${f(corner.y + 5)} h9 m-3.5,-3.5 l3.5,3.5 l-3.5,3.5" ${line()}/>`;
    case 'wait':
      return `<path class="marker" d="M${f(corner.x)},${f(corner.y)} h9 l-9,10 h9 z" ${line()}/>`;
    case 'subprocess': {
      const x = box.x + box.width / 2 - 6;
      const y = box.y + box.height - 15;
      return `<g class="marker"><rect x="${f(x)}" y="${f(y)}" width="12" height="12" fill="none" stroke="${stroke}" stroke-width="1.2"/><path d="M${f(x + 6)},${f(y + 2.5)} v7 M${f(x + 2.5)},${f(y + 6)} h7" ${line()}/></g>`;
    }
    case 'event': {
      const r = box.width / 2 - 3.5;
      return `<circle class="marker" cx="${f(box.x + box.width / 2)}" cy="${f(box.y + box.height / 2)}" r="${f(r)}" fill="none" stroke="${stroke}" stroke-width="1.2"/>`;
    }
    case 'decision': {
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const arm = box.width / 7;
      if (step.gateway === 'parallel')
        return `<path class="marker" d="M${f(cx)},${f(cy - arm)} v${f(2 * arm)} M${f(cx - arm)},${f(cy)} h${f(2 * arm)}" ${line(2.4)}/>`;
      if (step.gateway === 'inclusive')
        return `<circle class="marker" cx="${f(cx)}" cy="${f(cy)}" r="${f(arm * 1.2)}" ${line(2)}/>`;
      if (step.gateway === 'event-based' || step.gateway === 'complex')
        return `<path class="marker" d="M${f(cx)},${f(cy - arm)} v${f(2 * arm)} M${f(cx - arm)},${f(cy)} h${f(2 * arm)} M${f(cx - arm * 0.7)},${f(cy - arm * 0.7)} l${f(arm * 1.4)},${f(arm * 1.4)} M${f(cx + arm * 0.7)},${f(cy - arm * 0.7)} l${f(-arm * 1.4)},${f(arm * 1.4)}" ${line(2)}/>`;
      return `<path class="marker" d="M${f(cx - arm * 0.8)},${f(cy - arm * 0.8)} l${f(arm * 1.6)},${f(arm * 1.6)} M${f(cx + arm * 0.8)},${f(cy - arm * 0.8)} l${f(-arm * 1.6)},${f(arm * 1.6)}" ${line(2.4)}/>`;
    }
    default:
      return '';
  }
}

/** The tooltip of a step: name in both languages, kind, systems, notes. */
function stepTooltip(step: Step, language: Language): string {
  const names = [step.name.zh, step.name.en].filter((name): name is string => Boolean(name));
  const parts = [`${[...new Set(names)].join(' / ')} (${KIND_NAMES[language][step.kind]})`];
  if (step.systems.length > 0) parts.push(`${WORDS[language].systems}: ${step.systems.join(', ')}`);
  if (step.notes) parts.push(step.notes);
  return parts.join('\n');
}

function renderBadges(step: Step, badgesBox: Box, language: Language): string {
  const badges = durationBadges(step, language);
  const parts: string[] = [];
  let y = badgesBox.y;
  badges.forEach((text, index) => {
    const isEstimate = index === 0 && step.estimated !== undefined;
    const fill = isEstimate ? '#fff3bf' : '#e7f5ff';
    const stroke = isEstimate ? '#f59f00' : '#339af0';
    const ink = isEstimate ? '#5c3c00' : '#0b3d66';
    const box = { x: badgesBox.x, y, width: badgesBox.width, height: SIZES.badgeHeightPx };
    parts.push(
      `<g class="badge ${isEstimate ? 'estimated' : 'measured'}"><rect x="${formatCoordinate(box.x)}" y="${formatCoordinate(box.y)}" width="${formatCoordinate(box.width)}" height="${box.height}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="0.8"/>` +
        `${centredLines([text], box, SIZES.badgeFontPx, SIZES.badgeHeightPx, `fill="${ink}"`)}</g>`,
    );
    y += SIZES.badgeHeightPx + SIZES.badgeGapPx;
  });
  return parts.join('');
}

function renderStep(
  step: Step,
  laid: SwimlaneLayout['steps'][number],
  settings: ChartBodySettings,
): string {
  const { language } = settings;
  const style = KIND_STYLE[step.kind];
  const decoration = settings.stepDecorations?.get(step.id);
  const fill =
    decoration?.fill ??
    settings.fills?.get(step.id) ??
    (settings.fills ? (settings.missingFill ?? style.fill) : style.fill);
  const stroke = decoration?.stroke ?? style.stroke;
  const strokeWidth = decoration ? Math.max(2.5, style.strokeWidth) : style.strokeWidth;
  const name = displayName(step.name, language);
  const isInside = laid.shape === 'rectangle';
  const fontPx = isInside ? SIZES.nameFontPx : SIZES.outsideNameFontPx;
  const lineHeightPx = isInside ? SIZES.nameLineHeightPx : SIZES.outsideNameLineHeightPx;
  // Names outside wrap as the layout measured them; names inside to the room the box has.
  const lines = isInside
    ? wrapText(
        name,
        laid.labelBox.width,
        fontPx,
        Math.max(1, Math.floor(laid.labelBox.height / lineHeightPx + 0.01)),
      ).lines
    : wrapText(name, SIZES.outsideNameMaxWidthPx, fontPx, SIZES.nameMaxLines).lines;
  const parts = [
    `<g class="step" data-step-id="${escapeXml(step.id)}" data-kind="${step.kind}"${decoration ? ` data-diff="${decoration.mark}"` : ''}>`,
    `<title>${escapeXml(stepTooltip(step, language) + (decoration?.tag ? `\n${decoration.tag}` : ''))}</title>`,
    shapeOutline(laid, fill, stroke, strokeWidth, decoration?.dash ?? style.dash),
    kindMarker(step, laid, style.stroke),
  ];
  if (name !== '')
    parts.push(
      centredLines(
        lines,
        laid.labelBox,
        fontPx,
        lineHeightPx,
        `class="step-name" fill="${PALETTE.text}"`,
      ),
    );
  if (settings.showDurations && laid.badgesBox)
    parts.push(renderBadges(step, laid.badgesBox, language));
  if (decoration?.tag) parts.push(renderTag(decoration.tag, laid.box, decoration.stroke));
  parts.push('</g>');
  return parts.join('');
}

/**
 * A small pill on a step's top edge naming its change (diff drawing), cut
 * with "…" past a little more than the step's width; the step's tooltip
 * holds the whole text.
 */
function renderTag(text: string, box: Box, color: string): string {
  const fontPx = 9;
  const line = wrapText(text, Math.max(box.width, 96) + 40, fontPx, 1).lines[0] ?? '';
  const tagBox = {
    x: box.x + 2,
    y: box.y - 7,
    width: Math.ceil(estimateTextWidth(line, fontPx)) + 8,
    height: 12,
  };
  return (
    `<g class="diff-tag"><rect x="${formatCoordinate(tagBox.x)}" y="${formatCoordinate(tagBox.y)}" width="${formatCoordinate(tagBox.width)}" height="12" rx="6" fill="${color}"/>` +
    `${centredLines([line], tagBox, fontPx, 12, 'fill="#ffffff" font-weight="600"')}</g>`
  );
}

/** The `d` of a polyline. */
function pathData(points: readonly { x: number; y: number }[]): string {
  return points
    .map(
      (point, index) =>
        `${index === 0 ? 'M' : 'L'}${formatCoordinate(point.x)},${formatCoordinate(point.y)}`,
    )
    .join(' ');
}

function renderFlowLine(
  flow: ProcessModel['flows'][number],
  laid: SwimlaneLayout['flows'][number],
  settings: ChartBodySettings,
): string {
  const decoration = settings.flowDecorations?.get(flow.id);
  const markerName = decoration
    ? decoration.mark
    : laid.crossesLanes
      ? 'handoff'
      : laid.isBackEdge
        ? 'back'
        : 'flow';
  const color = decoration?.stroke ?? FLOW_COLORS[markerName]!;
  const classes = ['flow', laid.crossesLanes ? 'handoff' : '', laid.isBackEdge ? 'back' : '']
    .filter(Boolean)
    .join(' ');
  const dash =
    laid.isBackEdge || flow.kind === 'message' || decoration?.dashed
      ? ' stroke-dasharray="6 4"'
      : '';
  const start = laid.crossesLanes
    ? ` marker-start="url(#${settings.idPrefix}-dot-${markerName})"`
    : '';
  const title = laid.crossesLanes ? `<title>${WORDS[settings.language].handOff}</title>` : '';
  return (
    `<g class="${classes}" data-flow-id="${escapeXml(flow.id)}"${decoration ? ` data-diff="${decoration.mark}"` : ''}>${title}` +
    `<path d="${pathData(laid.waypoints)}" fill="none" stroke="${color}" stroke-width="${laid.crossesLanes || decoration ? 2 : 1.4}"${dash}${start} marker-end="url(#${settings.idPrefix}-arrow-${markerName})"/></g>`
  );
}

/** A flow's label: a white card with its condition, artifacts (after a document glyph) and count. */
function renderFlowLabel(
  flow: ProcessModel['flows'][number],
  laid: SwimlaneLayout['flows'][number],
  stepsById: Map<string, Step>,
): string {
  if (!laid.labelBox) return '';
  const label = wrapFlowLabel(
    flowLabelLines(flow, stepsById.get(flow.from), stepsById.get(flow.to)),
  );
  if (label.lines.length === 0) return '';
  const box = laid.labelBox;
  const f = formatCoordinate;
  const parts = [
    `<g class="flow-label" data-flow-id="${escapeXml(flow.id)}">`,
    `<rect x="${f(box.x)}" y="${f(box.y)}" width="${f(box.width)}" height="${f(box.height)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>`,
  ];
  const spans: string[] = [];
  label.lines.forEach((line, index) => {
    const top = box.y + SIZES.flowLabelPaddingPx + index * SIZES.flowLabelLineHeightPx;
    const baseline = top + (SIZES.flowLabelLineHeightPx + SIZES.flowLabelFontPx * 0.7) / 2;
    let x = box.x + SIZES.flowLabelPaddingPx;
    const isFirstArtifactLine =
      line.kind === 'artifacts' && label.lines[index - 1]?.kind !== 'artifacts';
    if (line.kind === 'artifacts') {
      if (isFirstArtifactLine)
        parts.push(
          `<path class="artifact-glyph" d="M${f(x + 1)},${f(top + 2)} h5 l3,3 v7 h-8 z M${f(x + 6)},${f(top + 2)} v3 h3" fill="#ffffff" stroke="${PALETTE.artifact}" stroke-width="0.9"/>`,
        );
      x += SIZES.artifactGlyphPx;
    }
    const style =
      line.kind === 'condition'
        ? `fill="${PALETTE.text}" font-style="italic"`
        : line.kind === 'artifacts'
          ? `fill="${PALETTE.artifact}"`
          : `fill="${PALETTE.mutedText}"`;
    spans.push(`<tspan x="${f(x)}" y="${f(baseline)}" ${style}>${escapeXml(line.text)}</tspan>`);
  });
  parts.push(`<text font-size="${SIZES.flowLabelFontPx}">${spans.join('')}</text></g>`);
  return parts.join('');
}

/**
 * The chart without its frame: lane bands and headers, flows, steps (with
 * names, markers and badges), flow labels last so that they sit on top.
 * The diff drawing draws two of these side by side.
 */
export function renderChartBody(
  model: ProcessModel,
  layout: SwimlaneLayout,
  settings: ChartBodySettings,
): string {
  const lanesById = new Map(model.lanes.map((lane) => [lane.id, lane]));
  const stepsById = new Map<string, Step>();
  for (const step of model.steps) if (!stepsById.has(step.id)) stepsById.set(step.id, step);
  const flowsById = new Map(model.flows.map((flow) => [flow.id, flow]));
  const parts: string[] = [];
  layout.lanes.forEach((laid, index) => {
    const lane = laid.laneId === null ? null : (lanesById.get(laid.laneId) ?? null);
    const markColor = laid.laneId === null ? undefined : settings.laneColors?.get(laid.laneId);
    parts.push(renderLane(lane, laid, index, settings.language, markColor));
  });
  for (const laid of layout.flows) {
    const flow = flowsById.get(laid.flowId);
    if (flow) parts.push(renderFlowLine(flow, laid, settings));
  }
  layout.steps.forEach((laid, index) => {
    // Steps by position: a model may repeat an id, and the layout keeps both.
    const step =
      model.steps[index]?.id === laid.stepId ? model.steps[index]! : stepsById.get(laid.stepId);
    if (step) parts.push(renderStep(step, laid, settings));
  });
  for (const laid of layout.flows) {
    const flow = flowsById.get(laid.flowId);
    if (flow) parts.push(renderFlowLabel(flow, laid, stepsById));
  }
  return parts.join('');
}

/** The legend of a colour scale: its label, a gradient bar, the lowest and highest values. */
function renderColorLegend(
  colorBy: NonNullable<SwimlaneSvgOptions['colorBy']>,
  range: { min: number; max: number },
  hasMissing: boolean,
  language: Language,
  x: number,
  y: number,
  prefix: string,
): string {
  const format = colorBy.format ?? formatFigure;
  const f = formatCoordinate;
  const stops = SCALE_STOPS.map(
    (color, index) =>
      `<stop offset="${f((index / (SCALE_STOPS.length - 1)) * 100)}%" stop-color="${color}"/>`,
  ).join('');
  const barY = y + 20;
  const parts = [
    `<g class="legend">`,
    `<defs><linearGradient id="${prefix}-scale" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`,
    `<text x="${f(x)}" y="${f(y + 12)}" font-size="12" font-weight="600" fill="${PALETTE.text}">${escapeXml(colorBy.label)}</text>`,
    `<rect x="${f(x)}" y="${f(barY)}" width="${LEGEND_BAR_WIDTH_PX}" height="12" fill="url(#${prefix}-scale)" stroke="${PALETTE.laneBorder}"/>`,
    // The pale end is the lowest value, or the highest when high is good.
    `<text class="legend-min" x="${f(x)}" y="${f(barY + 26)}" font-size="11" fill="${PALETTE.mutedText}">${escapeXml(format(colorBy.higherIsBetter ? range.max : range.min))}</text>`,
    `<text class="legend-max" x="${f(x + LEGEND_BAR_WIDTH_PX)}" y="${f(barY + 26)}" font-size="11" text-anchor="end" fill="${PALETTE.mutedText}">${escapeXml(format(colorBy.higherIsBetter ? range.min : range.max))}</text>`,
  ];
  if (hasMissing) {
    const missingX = x + LEGEND_BAR_WIDTH_PX + 24;
    parts.push(
      `<rect x="${f(missingX)}" y="${f(barY)}" width="16" height="12" fill="${PALETTE.noValue}" stroke="${PALETTE.laneBorder}"/>`,
      `<text x="${f(missingX + 22)}" y="${f(barY + 10)}" font-size="11" fill="${PALETTE.mutedText}">${WORDS[language].noValue}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/**
 * A standalone SVG of a swimlane flowchart laid out by `layoutSwimlanes`:
 * lane bands with owner and department, steps drawn by kind with their
 * names in `language` (falling back on the other language), duration
 * badges, artifacts, conditions and counts on flows, hand-offs in their own
 * colour with a dot where they leave, rework loops dashed, and optionally
 * steps coloured by a figure with a legend. No scripts, no external
 * resources, no DOM: the same string in Node and in the browser.
 */
export function renderSwimlaneSvg(
  model: ProcessModel,
  layout: SwimlaneLayout,
  options: SwimlaneSvgOptions,
): string {
  const prefix = options.idPrefix ?? 'pw';
  const language = options.language;
  let fills: Map<string, string> | undefined;
  let range: { min: number; max: number } | null = null;
  let hasMissing = false;
  if (options.colorBy) {
    const stepValues = model.steps
      .map((step) => options.colorBy!.values.get(step.id))
      .filter((value): value is number => value !== undefined && Number.isFinite(value));
    range = options.colorBy.domain ?? findRange(stepValues);
    fills = new Map();
    for (const step of model.steps) {
      const value = options.colorBy.values.get(step.id);
      if (range && value !== undefined && Number.isFinite(value))
        fills.set(
          step.id,
          scaleColor(options.colorBy.higherIsBetter ? range.max + range.min - value : value, range),
        );
      else hasMissing = true;
    }
  }
  const top = MARGIN_PX + (options.title ? TITLE_HEIGHT_PX : 0);
  const legendHeight = options.colorBy && range ? LEGEND_HEIGHT_PX : 0;
  const legendWidth = legendHeight > 0 ? LEGEND_BAR_WIDTH_PX + (hasMissing ? 120 : 0) : 0;
  const width = Math.ceil(Math.max(layout.width, legendWidth) + 2 * MARGIN_PX);
  const height = Math.ceil(top + layout.height + legendHeight + MARGIN_PX);
  const title = options.title ?? displayName(model.name, language);
  const settings: ChartBodySettings = {
    language,
    showDurations: options.showDurations ?? true,
    idPrefix: prefix,
    ...(fills ? { fills, missingFill: PALETTE.noValue } : {}),
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT_STACK}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    renderDefs(prefix, FLOW_COLORS),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title)
    parts.push(
      `<text class="chart-title" x="${MARGIN_PX}" y="${MARGIN_PX + 18}" font-size="17" font-weight="600" fill="${PALETTE.text}">${escapeXml(options.title)}</text>`,
    );
  parts.push(
    `<g transform="translate(${MARGIN_PX},${top})">`,
    renderChartBody(model, layout, settings),
    '</g>',
  );
  if (options.colorBy && range)
    parts.push(
      renderColorLegend(
        options.colorBy,
        range,
        hasMissing,
        language,
        MARGIN_PX,
        top + layout.height + 12,
        prefix,
      ),
    );
  parts.push('</svg>');
  return parts.join('');
}
