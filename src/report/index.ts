/** `flowc report` formats: one model (model.ts), four renderings. */
import type { GovernanceReport } from '../generated/report.js';
import { renderReportHtml } from './render-html.js';
import { renderReportCsv, renderReportJson, renderReportMarkdown } from './render-text.js';

export type ReportFormat = 'md' | 'json' | 'csv' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'json', 'csv', 'html'];

export function renderReport(report: GovernanceReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return renderReportJson(report);
    case 'csv':
      return renderReportCsv(report);
    case 'html':
      return renderReportHtml(report);
    case 'md':
      return renderReportMarkdown(report);
  }
}

export { buildReport } from './model.js';
