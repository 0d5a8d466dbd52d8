// Compiles apps/, libs/, projections/ and bench/ to dist/ with SWC (about a second), rewriting
// the @herald/* aliases to relative paths so plain `node` runs the output. Type checking is
// `npm run typecheck` (tsc), kept separate so start-up does not pay for it.
import { transformFile } from '@swc/core';
import { createRequire } from 'node:module';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const swcOptions = require(path.join(root, 'swc.config.cjs'))({ withPaths: true });
const sourceRoots = ['apps', 'libs', 'projections', 'bench'];
const outDir = path.join(root, 'dist');

async function* typescriptSources(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptSources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      yield full;
  }
}

await rm(outDir, { recursive: true, force: true });
let count = 0;
for (const sourceRoot of sourceRoots) {
  for await (const file of typescriptSources(path.join(root, sourceRoot))) {
    const relative = path.relative(root, file);
    const target = path.join(outDir, relative.replace(/\.ts$/, '.js'));
    const output = await transformFile(file, { ...swcOptions, filename: file, outputPath: target, swcrc: false });
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (output.map) await writeFile(`${target}.map`, output.map);
    count += 1;
  }
}
console.log(`built ${count} files into dist/`);
