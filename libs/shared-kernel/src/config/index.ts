export * from './herald-config';
export * from './load-config';
export * from './master-key';
export { environmentVariables, type Environment } from './env-variable.decorator';
