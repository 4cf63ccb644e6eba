export {
  computeKpis,
  type KpiContext,
  type KpiDefinition,
  type KpiMeasure,
  type KpiValue,
} from './kpi.ts';
