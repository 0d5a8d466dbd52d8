export * from './decider-spec';
export * from './commands-harness';
