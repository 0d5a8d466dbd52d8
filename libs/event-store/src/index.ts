export * from './event-store.port';
export * from './envelope/envelope';
export * from './envelope/hash-chain';
