export const COORDINATION = Symbol('Coordination');
export const LEASE_MANAGER = Symbol('LeaseManager');
export const RATE_LIMITER = Symbol('RateLimiter');
export const CACHE = Symbol('Cache');
export const PUB_SUB = Symbol('PubSub');
