// Lets plain `node` run TypeScript sources (child processes in specs, one-off scripts):
// `node --require ./scripts/swc-register.cjs file.ts`. Compiles with the project's SWC options,
// rewriting the @herald/* aliases, exactly as the build does.
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const options = require(path.join(__dirname, '..', 'swc.config.cjs'))({ withPaths: true });

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...options, sourceMaps: 'inline', filename, swcrc: false });
  module._compile(code, filename);
};
