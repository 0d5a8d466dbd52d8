export * from './read-store.port';
export { EmbeddedReadStore, type EmbeddedReadStoreOptions } from './embedded/embedded-read-store';
export { MongoReadStore, type MongoReadStoreOptions } from './mongodb/mongo-read-store';
export { DocumentOverlay, type DocumentOverlayOptions } from './embedded/document-overlay';
