export * from './checkpoint.store';
export * from './projection';
export * from './projection.runner';
