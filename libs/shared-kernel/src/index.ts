export * from './errors/herald-error';
export * from './errors/catalogue';
export * from './clock/clock';
export * from './ids/ids';
export * from './domain/decider';
export * from './config';
export * from './logging';
export * from './time/zoned-wall-clock';
