export * from './herald-config';
export * from './load-config';
export * from './master-key';
export * from './jwt-secret';
export { environmentVariables, type Environment } from './env-variable.decorator';
