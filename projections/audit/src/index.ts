export * from './audit.projection';
export * from './audit.queries';
export { auditSummary, type SummaryValue } from './audit-summary';
