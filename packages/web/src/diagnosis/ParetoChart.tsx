import { paretoOf } from '@pipewise/engine/diagnosis';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatShare } from '../i18n/format.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Problem } from './diagnosis.ts';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

/**
 * The register's Pareto chart: problems by total waiting time or cases
 * affected, largest first, bars with the running share as a line — the few
 * problems that hold most of the delay.
 */
export function ParetoChart({
  problems,
  measure,
}: {
  problems: readonly Problem[];
  measure: 'waiting' | 'cases';
}) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale;
  const element = useRef<HTMLDivElement>(null);
  const bars = useMemo(
    () =>
      paretoOf(problems, (problem) =>
        measure === 'waiting' ? problem.waitingMs : problem.casesAffected,
      ),
    [problems, measure],
  );
  useEffect(() => {
    if (!element.current || bars.length === 0) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const value = (v: number) => (measure === 'waiting' ? formatDuration(v, locale) : String(v));
    chart.setOption({
      animation: false,
      grid: { left: 70, right: 50, top: 20, bottom: 90 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { dataIndex: number }[]) => {
          const bar = bars[params[0]!.dataIndex]!;
          return `${bar.item.title}<br/>${value(bar.value)} · ${formatShare(bar.share, locale)} · ${t('problems.cumulative')} ${formatShare(bar.cumulativeShare, locale)}`;
        },
      },
      xAxis: {
        type: 'category',
        data: bars.map((bar, k) => `${k + 1}. ${bar.item.title}`),
        axisLabel: { interval: 0, rotate: 30, width: 120, overflow: 'truncate' },
      },
      yAxis: [
        { type: 'value', axisLabel: { formatter: value } },
        {
          type: 'value',
          min: 0,
          max: 1,
          axisLabel: { formatter: (v: number) => formatShare(v, locale) },
        },
      ],
      series: [
        { type: 'bar', data: bars.map((bar) => bar.value), itemStyle: { color: '#2f6fad' } },
        {
          type: 'line',
          yAxisIndex: 1,
          data: bars.map((bar) => bar.cumulativeShare),
          itemStyle: { color: '#d4380d' },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [bars, measure, locale, t]);
  if (bars.length === 0) return <p>{t('problems.noParetoData')}</p>;
  return <div ref={element} data-testid="pareto" style={{ width: '100%', height: 320 }} />;
}
