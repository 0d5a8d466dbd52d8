export * from './posts.projection';
export * from './posts.queries';
export { POST_VIEW_STATUSES, type PostViewStatus, type PostViewDocument, type PostTargetView, type PublicationView, type PostScheduleView } from './post-view.evolve';
export { searchTerms, queryTerms } from './search-terms';
