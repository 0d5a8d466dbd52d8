export * from './fake-platform-server';
export * from './media-fixtures';
