const swcOptions = require('./swc.config.cjs')({ withPaths: false });

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/projections', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions, swcrc: false }] },
  moduleNameMapper: {
    '^@herald/projections/(.*)$': '<rootDir>/projections/$1/src',
    '^@herald/(.*)$': '<rootDir>/libs/$1/src',
  },
  setupFiles: ['reflect-metadata'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  testTimeout: 30000,
  // Each worker opens its own SQLite files; two workers suit the 2-core machines CI runs on.
  maxWorkers: 2,
};
