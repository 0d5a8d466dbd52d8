export * from './organizations.projection';
export * from './organizations.queries';
