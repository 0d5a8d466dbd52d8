export * from './zoned-calendar';
export * from './domain-event';
export * from './query-input';
export * from './organization-settings';
export * from './post-occurrences';
export * from './testing/projection-test-bed';
export * from './testing/domain-event-factories';
