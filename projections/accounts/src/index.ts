export * from './accounts.projection';
export * from './accounts.queries';
export type { AccountViewDocument } from './account-view.evolve';
