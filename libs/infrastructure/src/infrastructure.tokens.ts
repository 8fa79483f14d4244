/** Nest injection tokens of the shared connections (one of each per process). */
export const PG_POOL = Symbol('PG_POOL');
export const REDIS = Symbol('REDIS');
export const APP_ENV = Symbol('APP_ENV');
