export {
  escapeHtml,
  type ReportInput,
  type ReportLanguage,
  renderHtmlReport,
} from './render-html-report.ts';
