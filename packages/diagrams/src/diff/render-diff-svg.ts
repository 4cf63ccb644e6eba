import type { ModelDiff, ProcessModel } from '@pipewise/engine/process-model';
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
   */
  arrangement?: 'side-by-side' | 'above-below';
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
 * Side by side rather than overlaid: a merged, split or moved step has a
 * different place in each version, and one drawing of both would have to
 * show every such step twice or draw one version's steps in the other's
 * positions.
 */
export function renderDiffSvg(
  a: ProcessModel,
  b: ProcessModel,
  diff: ModelDiff,
  options: DiffSvgOptions,
): string {
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
  const title =
    options.title ?? `${displayName(a.name, language)} → ${displayName(b.name, language)}`;
  const f = formatCoordinate;
  const heading = (text: string, at: { x: number; y: number }, side: string) =>
    `<text class="side-heading" data-side="${side}" x="${f(at.x)}" y="${f(at.y - 10)}" font-size="15" font-weight="600" fill="${PALETTE.text}">${escapeXml(text)}</text>`;
  const changeColors: Record<string, string> = {
    added: CHANGE_COLORS.added,
    removed: CHANGE_COLORS.removed,
    changed: CHANGE_COLORS.changed,
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT_STACK}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    renderDefs(prefix, { ...FLOW_COLORS, ...changeColors }),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title)
    parts.push(
      `<text class="chart-title" x="${MARGIN_PX}" y="${MARGIN_PX + 18}" font-size="17" font-weight="600" fill="${PALETTE.text}">${escapeXml(options.title)}</text>`,
    );
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
