export * from './account-credentials.reader';
export * from './circuit-breaker';
export * from './durable-timers';
export * from './processed-events.store';
export * from './saga-consumer';
export * from './saga-runtime';
export * from './timer-loop';
