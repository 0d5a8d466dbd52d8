export * from './fake-platform-server';
