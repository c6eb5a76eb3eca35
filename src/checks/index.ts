export { SEVERITIES, defineCheck, type Check, type CheckDefinition, type CheckWhere, type Finding, type Hit, type Severity } from './check.js';
export { CHECKS, CHECK_IDS, checkById } from './catalogue.js';
export * from './facts.js';
export { factsFromZone, type ZoneFactsOptions } from './from-zone.js';
export { renderChecksMarkdown } from './markdown.js';
export { buildReport, renderReportText, reportExitCode, type CheckReport, type TextOptions } from './report.js';
export { clientErrorCode } from './client-error.js';
export { runChecks, summarize, type RunWhere, type SeveritySummary } from './run.js';
