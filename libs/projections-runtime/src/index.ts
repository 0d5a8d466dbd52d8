export * from './projection';
export * from './projection-catalog';
export * from './projection-runner';
export * from './projection-operations';
export {
  PROJECTION_STATE_COLLECTION,
  PROJECTION_AUDIT_COLLECTION,
  physicalCollection,
  type AuditAction,
  type AuditRecord,
  type FailureRecord,
  type GenerationRecord,
  type GenerationStatus,
  type ProjectionRecord,
} from './projection-state';
export { RUNNER_ACTOR } from './generation-lifecycle';
export { SETUP_FAILURE_TYPE, type WorkerSettings, type WorkerState } from './projection-worker';
export * from './projections-runtime.module';
