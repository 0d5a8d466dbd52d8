export * from './organizations.projection';
export * from './organizations.queries';
export * from './organization-usage.handlers';
export * from './organization-usage.queries';
