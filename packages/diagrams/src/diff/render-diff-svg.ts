import type { LocalizedText, ModelDiff, ProcessModel } from '@pipewise/engine/process-model';
import { displayName } from '@pipewise/engine/process-model';
import type { Language } from '../swimlane/duration-badges.ts';
import { layoutSwimlanes } from '../swimlane/layout-swimlanes.ts';
import {
  FLOW_COLORS,
  FONT_STACK,
  formatCoordinate,
  PALETTE,
  renderChartBody,
  renderDefs,
} from '../swimlane/render-swimlane-svg.ts';
import { escapeXml } from '../text/escape-xml.ts';
import { estimateTextWidth } from '../text/measure-text.ts';
import {
  CHANGE_COLORS,
  CHANGE_WORDS,
  type ChangeMark,
  diffDecorations,
} from './diff-decorations.ts';

/** Options of `renderDiffSvg`. */
export interface DiffSvgOptions {
  language: Language;
  title?: string;
  /** Duration badges under the steps (default true: a changed estimate shows). */
  showDurations?: boolean;
  /**
   * `side-by-side` (default): as-is left, to-be right. `above-below`: as-is
   * over to-be, for long processes whose charts are much wider than tall.
   * `overlay`: one chart, the to-be with what the as-is had and the to-be
   * lost drawn dashed where it was (`overlayModel`).
   */
  arrangement?: 'side-by-side' | 'above-below' | 'overlay';
  /** Prefix of the ids inside the SVG; default "pw-diff". */
  idPrefix?: string;
}

const MARGIN_PX = 16;
const SPACING_PX = 48;
const HEADING_PX = 30;
const TITLE_PX = 34;
const LEGEND_PX = 58;

const SIDE_WORDS = {
  en: { before: 'As-is', after: 'To-be', version: 'version', noChange: 'No changes' },
  zh: { before: '现状', after: '优化后', version: '版本', noChange: '无变化' },
} as const;

/** "As-is · Sales process (version 1)". */
function sideHeading(model: ProcessModel, side: 'before' | 'after', language: Language): string {
  const words = SIDE_WORDS[language];
  const label = model.version.label ? ` ${model.version.label}` : '';
  return `${words[side]} · ${displayName(model.name, language)} (${words.version} ${model.version.number}${label})`;
}

/** "3 added · 1 removed · …": how many steps each kind of change touched. */
export function summarizeDiff(diff: ModelDiff, language: Language): string {
  const words = CHANGE_WORDS[language];
  const counts: [ChangeMark, number][] = [
    ['added', diff.steps.added.length],
    ['removed', diff.steps.removed.length],
    ['merged', diff.steps.merged.length],
    ['split', diff.steps.split.length],
    ['moved', diff.steps.moved.length],
    ['reordered', diff.steps.reordered.length],
    ['changed', diff.steps.changed.length],
  ];
  const parts = counts
    .filter(([, count]) => count > 0)
    .map(([mark, count]) =>
      language === 'zh' ? `${words[mark]} ${count}` : `${count} ${words[mark]}`,
    );
  const flowCount = diff.flows.added.length + diff.flows.removed.length + diff.flows.changed.length;
  if (flowCount > 0)
    parts.push(language === 'zh' ? `连线变化 ${flowCount}` : `${flowCount} flows changed`);
  const ruleCount = diff.rules.added.length + diff.rules.removed.length + diff.rules.changed.length;
  if (ruleCount > 0)
    parts.push(language === 'zh' ? `规则变化 ${ruleCount}` : `${ruleCount} rules changed`);
  return parts.length > 0 ? parts.join(' · ') : SIDE_WORDS[language].noChange;
}

/** The start of a diff drawing: the svg element, its title, the markers, the background and the chart's title. */
function openDiffSvg(
  a: ProcessModel,
  b: ProcessModel,
  options: DiffSvgOptions,
  width: number,
  height: number,
): string[] {
  const { language } = options;
  const title =
    options.title ?? `${displayName(a.name, language)} → ${displayName(b.name, language)}`;
  const changeColors: Record<string, string> = {
    added: CHANGE_COLORS.added,
    removed: CHANGE_COLORS.removed,
    changed: CHANGE_COLORS.changed,
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT_STACK}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    renderDefs(options.idPrefix ?? 'pw-diff', { ...FLOW_COLORS, ...changeColors }),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title)
    parts.push(
      `<text class="chart-title" x="${MARGIN_PX}" y="${MARGIN_PX + 18}" font-size="17" font-weight="600" fill="${PALETTE.text}">${escapeXml(options.title)}</text>`,
    );
  return parts;
}

function renderLegend(diff: ModelDiff, language: Language, x: number, y: number): string {
  const f = formatCoordinate;
  const words = CHANGE_WORDS[language];
  const marks: ChangeMark[] = [
    'added',
    'removed',
    'changed',
    'moved',
    'reordered',
    'merged',
    'split',
  ];
  const parts = ['<g class="legend">'];
  let at = x;
  for (const mark of marks) {
    parts.push(
      `<rect x="${f(at)}" y="${f(y)}" width="14" height="12" rx="3" fill="#ffffff" stroke="${CHANGE_COLORS[mark]}" stroke-width="2.5"/>`,
      `<text x="${f(at + 20)}" y="${f(y + 10)}" font-size="12" fill="${PALETTE.text}">${escapeXml(words[mark])}</text>`,
    );
    at += 20 + estimateTextWidth(words[mark], 12) + 18;
  }
  parts.push(
    `<text class="diff-summary" x="${f(x)}" y="${f(y + 34)}" font-size="12" fill="${PALETTE.mutedText}">${escapeXml(summarizeDiff(diff, language))}</text>`,
    '</g>',
  );
  return parts.join('');
}

/**
 * The diff of two versions drawn as two swimlane charts side by side (as-is
 * left, to-be right; or one over the other), each with its own layout, so
 * that each reads as the process it is. On the as-is side: removed steps and
 * flows in red, steps merged away or split in purple. On the to-be side:
 * added steps and flows in green, changed in amber, steps moved to another
 * lane or to another place in the order in blue, merge and split results in
 * purple; each marked step carries a tag naming its changes. A legend and a
 * count of the changes sit below.
 *
 * With `arrangement: 'overlay'` the two are one chart instead
 * (`renderOverlay`).
 */
export function renderDiffSvg(
  a: ProcessModel,
  b: ProcessModel,
  diff: ModelDiff,
  options: DiffSvgOptions,
): string {
  if (options.arrangement === 'overlay') return renderOverlay(a, b, diff, options);
  const { language } = options;
  const prefix = options.idPrefix ?? 'pw-diff';
  const showDurations = options.showDurations ?? true;
  const layoutBefore = layoutSwimlanes(a, { language, showDurations });
  const layoutAfter = layoutSwimlanes(b, { language, showDurations });
  const decorations = diffDecorations(a, b, diff, language);
  const isSideBySide = (options.arrangement ?? 'side-by-side') === 'side-by-side';
  const top = MARGIN_PX + (options.title ? TITLE_PX : 0);
  const beforeAt = { x: MARGIN_PX, y: top + HEADING_PX };
  const afterAt = isSideBySide
    ? { x: MARGIN_PX + layoutBefore.width + SPACING_PX, y: top + HEADING_PX }
    : { x: MARGIN_PX, y: top + HEADING_PX + layoutBefore.height + SPACING_PX + HEADING_PX };
  const contentRight = isSideBySide
    ? afterAt.x + layoutAfter.width
    : MARGIN_PX + Math.max(layoutBefore.width, layoutAfter.width);
  const contentBottom = isSideBySide
    ? top + HEADING_PX + Math.max(layoutBefore.height, layoutAfter.height)
    : afterAt.y + layoutAfter.height;
  const width = Math.ceil(Math.max(contentRight, MARGIN_PX + 640) + MARGIN_PX);
  const height = Math.ceil(contentBottom + 16 + LEGEND_PX + MARGIN_PX);
  const f = formatCoordinate;
  const heading = (text: string, at: { x: number; y: number }, side: string) =>
    `<text class="side-heading" data-side="${side}" x="${f(at.x)}" y="${f(at.y - 10)}" font-size="15" font-weight="600" fill="${PALETTE.text}">${escapeXml(text)}</text>`;
  const parts = openDiffSvg(a, b, options, width, height);
  parts.push(
    heading(sideHeading(a, 'before', language), beforeAt, 'before'),
    `<g class="side" data-side="before" transform="translate(${f(beforeAt.x)},${f(beforeAt.y)})">`,
    renderChartBody(a, layoutBefore, {
      language,
      showDurations,
      idPrefix: prefix,
      stepDecorations: decorations.before.steps,
      flowDecorations: decorations.before.flows,
      laneColors: decorations.before.lanes,
    }),
    '</g>',
    heading(sideHeading(b, 'after', language), afterAt, 'after'),
    `<g class="side" data-side="after" transform="translate(${f(afterAt.x)},${f(afterAt.y)})">`,
    renderChartBody(b, layoutAfter, {
      language,
      showDurations,
      idPrefix: prefix,
      stepDecorations: decorations.after.steps,
      flowDecorations: decorations.after.flows,
      laneColors: decorations.after.lanes,
    }),
    '</g>',
    renderLegend(diff, language, MARGIN_PX, contentBottom + 16),
    '</svg>',
  );
  return parts.join('');
}

const OVERLAY_WORDS = {
  en: { heading: 'As-is and to-be in one chart: what is gone is dashed where it was' },
  zh: { heading: '现状与优化后叠加：已去掉的环节和连线以虚线留在原处' },
} as const;

const GHOST = 'was:';

/**
 * The to-be model with what the as-is had and the to-be does not: steps
 * removed or merged away (ids prefixed `was:`) placed right after the as-is
 * step they followed, in their lane (a lane the to-be lacks comes back, also
 * `was:`), and the flows the to-be dropped between them. Steps of the two are
 * the same step when the diff matched them: the same id, or for models made
 * apart the same name and kind.
 */
export function overlayModel(
  a: ProcessModel,
  b: ProcessModel,
  diff: ModelDiff,
): { model: ProcessModel; ghostOf: Map<string, string> } {
  const sameName = (x: LocalizedText, y: LocalizedText) =>
    (x.en !== undefined && x.en === y.en) || (x.zh !== undefined && x.zh === y.zh);
  const gone = new Set([
    ...diff.steps.removed.map((step) => step.id),
    ...diff.steps.merged.flatMap((merge) =>
      merge.from.filter((from) => from.id !== merge.into.id).map((from) => from.id),
    ),
  ]);
  const bIds = new Set(b.steps.map((step) => step.id));
  const stepIdOf = new Map<string, string>();
  for (const step of a.steps) {
    if (gone.has(step.id) || !bIds.has(step.id)) {
      const same = gone.has(step.id)
        ? undefined
        : b.steps.find((other) => other.kind === step.kind && sameName(other.name, step.name));
      stepIdOf.set(step.id, same?.id ?? `${GHOST}${step.id}`);
    } else stepIdOf.set(step.id, step.id);
  }
  const lanes = [...b.lanes];
  const laneIdOf = (laneId: string | undefined): string | undefined => {
    if (laneId === undefined) return undefined;
    const lane = a.lanes.find((candidate) => candidate.id === laneId);
    if (!lane) return undefined;
    // The same lane by id (perhaps renamed), else by name (models made apart).
    const same =
      lanes.find((candidate) => candidate.id === lane.id) ??
      lanes.find((candidate) => sameName(candidate.name, lane.name));
    if (same) return same.id;
    const ghost = { ...lane, id: `${GHOST}${lane.id}` };
    lanes.push(ghost);
    return ghost.id;
  };
  const steps = [...b.steps];
  const ghostOf = new Map<string, string>();
  let after: string | undefined;
  for (const step of a.steps) {
    const id = stepIdOf.get(step.id)!;
    if (!id.startsWith(GHOST)) {
      after = id;
      continue;
    }
    const laneId = laneIdOf(step.laneId);
    const { laneId: _, ...rest } = step;
    steps.splice(after === undefined ? 0 : steps.findIndex((s) => s.id === after) + 1, 0, {
      ...rest,
      id,
      ...(laneId !== undefined ? { laneId } : {}),
    });
    ghostOf.set(id, step.id);
    after = id;
  }
  const flows = [...b.flows];
  for (const flow of diff.flows.removed) {
    const from = stepIdOf.get(flow.from.id);
    const to = stepIdOf.get(flow.to.id);
    if (from === undefined || to === undefined) continue;
    if (flows.some((other) => other.from === from && other.to === to)) continue;
    flows.push({
      id: `${GHOST}${flow.id}`,
      from,
      to,
      ...(flow.condition !== undefined ? { condition: flow.condition } : {}),
    });
  }
  return { model: { ...b, lanes, steps, flows }, ghostOf };
}

/** The overlay arrangement of `renderDiffSvg`: one chart of `overlayModel`, its changes marked. */
function renderOverlay(
  a: ProcessModel,
  b: ProcessModel,
  diff: ModelDiff,
  options: DiffSvgOptions,
): string {
  const { language } = options;
  const prefix = options.idPrefix ?? 'pw-diff';
  const showDurations = options.showDurations ?? true;
  const { model, ghostOf } = overlayModel(a, b, diff);
  const layout = layoutSwimlanes(model, { language, showDurations });
  const decorations = diffDecorations(a, b, diff, language);
  const steps = new Map(decorations.after.steps);
  for (const [ghostId, aId] of ghostOf) {
    const before = decorations.before.steps.get(aId);
    steps.set(ghostId, {
      stroke: before?.stroke ?? CHANGE_COLORS.removed,
      fill: '#ffffff',
      tag: before?.tag ?? CHANGE_WORDS[language].removed,
      mark: before?.mark ?? 'removed',
      dash: '6 4',
    });
  }
  const flows = new Map(decorations.after.flows);
  for (const flow of model.flows)
    if (flow.id.startsWith(GHOST))
      flows.set(flow.id, { stroke: CHANGE_COLORS.removed, mark: 'removed', dashed: true });
  const lanes = new Map(decorations.after.lanes);
  for (const lane of model.lanes)
    if (lane.id.startsWith(GHOST)) lanes.set(lane.id, CHANGE_COLORS.removed);
  const top = MARGIN_PX + (options.title ? TITLE_PX : 0);
  const at = { x: MARGIN_PX, y: top + HEADING_PX };
  const width = Math.ceil(Math.max(MARGIN_PX + layout.width, MARGIN_PX + 640) + MARGIN_PX);
  const contentBottom = at.y + layout.height;
  const height = Math.ceil(contentBottom + 16 + LEGEND_PX + MARGIN_PX);
  const f = formatCoordinate;
  const parts = openDiffSvg(a, b, options, width, height);
  parts.push(
    `<text class="side-heading" data-side="overlay" x="${f(at.x)}" y="${f(at.y - 10)}" font-size="15" font-weight="600" fill="${PALETTE.text}">${escapeXml(`${sideHeading(a, 'before', language)} / ${sideHeading(b, 'after', language)} — ${OVERLAY_WORDS[language].heading}`)}</text>`,
    `<g class="side" data-side="overlay" transform="translate(${f(at.x)},${f(at.y)})">`,
    renderChartBody(model, layout, {
      language,
      showDurations,
      idPrefix: prefix,
      stepDecorations: steps,
      flowDecorations: flows,
      laneColors: lanes,
    }),
    '</g>',
    renderLegend(diff, language, MARGIN_PX, contentBottom + 16),
    '</svg>',
  );
  return parts.join('');
}
