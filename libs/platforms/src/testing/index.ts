export * from './fake-platform-server';
export * from './media-fixtures';
export * from './post-fixtures';
