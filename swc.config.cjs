// One compiler configuration for the build (scripts/build.mjs) and the tests (jest.config.cjs):
// what runs in production is compiled exactly like what the tests exercised.
const path = require('node:path');

/** @param {{ withPaths: boolean }} options */
module.exports = function swcOptions({ withPaths }) {
  return {
    sourceMaps: true,
    module: { type: 'commonjs', ignoreDynamic: true },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      ...(withPaths
        ? {
            baseUrl: path.resolve(__dirname),
            paths: {
              '@herald/projections/*': ['projections/*/src'],
              '@herald/*': ['libs/*/src'],
            },
          }
        : {}),
    },
  };
};
