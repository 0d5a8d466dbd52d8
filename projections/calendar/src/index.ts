export * from './calendar.projection';
export * from './calendar.queries';
