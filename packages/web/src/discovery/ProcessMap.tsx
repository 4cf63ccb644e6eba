import { layoutProcessMap } from '@pipewise/diagrams/process-map';
import { useMemo } from 'react';
import type { Analysis, Arc } from '../api/types.ts';
import { durationOf } from '../api/types.ts';

export type MapLabel = 'frequency' | 'duration';
export type MapSelection =
  | { kind: 'activity'; name: string }
  | { kind: 'arc'; from: string; to: string };

interface ProcessMapProps {
  analysis: Analysis;
  /** Hand-offs taken by fewer cases are hidden (the detail slider). */
  minCount: number;
  label: MapLabel;
  formatDuration: (ms: number) => string;
  formatCount: (value: number) => string;
  selection: MapSelection | undefined;
  onSelect: (selection: MapSelection) => void;
}

/** Green for quick hand-offs to red for the slowest, by the square root of the median's share. */
export function heatColour(medianMs: number, slowestMs: number): string {
  const heat = slowestMs > 0 ? Math.min(1, Math.sqrt(Math.max(0, medianMs) / slowestMs)) : 0;
  return `hsl(${Math.round(120 - 120 * heat)}, 70%, 40%)`;
}

/**
 * The discovered process: activities as boxes laid out left to right, each
 * hand-off an arrow as thick as its case count and as red as its median
 * duration, labelled with either. Boxes stay put when the slider hides arcs.
 * Activities and arcs are buttons: Enter or a click selects one.
 */
export function ProcessMap(props: ProcessMapProps) {
  const { analysis, minCount, label, selection, onSelect } = props;
  const layout = useMemo(
    () =>
      layoutProcessMap({
        activities: analysis.activityStats.map((stats) => ({
          name: stats.activity,
          cases: stats.cases,
        })),
        arcs: analysis.dfg,
        starts: analysis.start.map((start) => start.activity),
      }),
    [analysis],
  );
  const arcByKey = useMemo(
    () => new Map(analysis.dfg.map((arc) => [`${arc.from}\u0000${arc.to}`, arc])),
    [analysis],
  );
  const maxCount = Math.max(1, ...analysis.dfg.map((arc) => arc.count));
  const slowest = Math.max(
    0,
    ...analysis.dfg.map((arc) => durationOf(arc, analysis).medianMs || 0),
  );
  const visible = layout.arcs.filter(
    (placed) => (arcByKey.get(`${placed.from}\u0000${placed.to}`)?.count ?? 0) >= minCount,
  );
  const statsOf = new Map(analysis.activityStats.map((stats) => [stats.activity, stats]));
  const isSelected = (arc: Arc) =>
    selection?.kind === 'arc' && selection.from === arc.from && selection.to === arc.to;
  const keyboard = (select: () => void) => (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select();
    }
  };
  return (
    <svg
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      // Drawn at its own size; the card scrolls (a long process shrunk to fit would be unreadable).
      style={{ display: 'block', fontFamily: 'inherit' }}
      aria-label="process map"
      data-testid="process-map"
    >
      <defs>
        <marker
          id="pw-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerUnits="userSpaceOnUse"
          markerWidth="10"
          markerHeight="10"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#486581" />
        </marker>
      </defs>
      {visible.map((placed) => {
        const arc = arcByKey.get(`${placed.from}\u0000${placed.to}`)!;
        const duration = durationOf(arc, analysis);
        const text =
          label === 'frequency'
            ? props.formatCount(arc.count)
            : props.formatDuration(duration.medianMs);
        const chosen = isSelected(arc);
        const select = () => onSelect({ kind: 'arc', from: arc.from, to: arc.to });
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be an HTML button
          <g
            key={`${placed.from}\u0000${placed.to}`}
            data-arc={`${arc.from} → ${arc.to}`}
            role="button"
            tabIndex={0}
            aria-label={`${arc.from} → ${arc.to}: ${text}`}
            onClick={select}
            onKeyDown={keyboard(select)}
            style={{ cursor: 'pointer' }}
          >
            <path
              d={placed.path}
              fill="none"
              stroke={heatColour(duration.medianMs, slowest)}
              strokeWidth={1 + 7 * Math.sqrt(arc.count / maxCount) + (chosen ? 2 : 0)}
              strokeOpacity={chosen ? 1 : 0.75}
              markerEnd="url(#pw-arrow)"
            />
            {/* A wide transparent twin makes thin arcs easy to hit. */}
            <path d={placed.path} fill="none" stroke="transparent" strokeWidth={14} />
            <text
              x={placed.labelX}
              y={placed.labelY}
              fontSize={11}
              textAnchor="middle"
              fill={chosen ? '#102a43' : '#334e68'}
              fontWeight={chosen ? 700 : 400}
              paintOrder="stroke"
              stroke="#fff"
              strokeWidth={3}
            >
              {text}
            </text>
          </g>
        );
      })}
      {layout.activities.map((placed) => {
        const stats = statsOf.get(placed.name);
        const chosen = selection?.kind === 'activity' && selection.name === placed.name;
        const select = () => onSelect({ kind: 'activity', name: placed.name });
        const name = placed.name.length > 18 ? `${placed.name.slice(0, 17)}…` : placed.name;
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be an HTML button
          <g
            key={placed.name}
            data-activity={placed.name}
            role="button"
            tabIndex={0}
            aria-label={`${placed.name}: ${stats ? props.formatCount(stats.cases) : ''}`}
            onClick={select}
            onKeyDown={keyboard(select)}
            style={{ cursor: 'pointer' }}
          >
            <title>{placed.name}</title>
            <rect
              x={placed.x}
              y={placed.y}
              width={layout.boxWidth}
              height={layout.boxHeight}
              rx={6}
              fill={chosen ? '#d9e8f6' : '#eef4fb'}
              stroke={chosen ? '#102a43' : '#2f6fad'}
              strokeWidth={chosen ? 2 : 1}
            />
            <text
              x={placed.x + layout.boxWidth / 2}
              y={placed.y + 19}
              fontSize={13}
              textAnchor="middle"
              fill="#102a43"
            >
              {name}
            </text>
            <text
              x={placed.x + layout.boxWidth / 2}
              y={placed.y + 35}
              fontSize={11}
              textAnchor="middle"
              fill="#52606d"
            >
              {stats ? props.formatCount(stats.cases) : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
