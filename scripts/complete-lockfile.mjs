// Adds lock-file entries for platform-specific optional packages that the registry mirror of our
// build machines does not carry (it answers 404 for e.g. @swc/core-darwin-arm64). npm then leaves
// them out of package-lock.json, and `npm ci` refuses the lock ("Missing: … from lock file") on
// every machine, ours included. Each entry records the version, `optional`, and the os/cpu read
// from the package name, so npm skips it on other platforms and fetches it by version where it
// applies. Run after any `npm install` that changes the lock: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /(darwin|linux|win32|freebsd|android|openharmony|sunos|aix|netbsd|openbsd)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64|wasm32|mips64el)/;
const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = PLATFORM.exec(name);
    if (!platform) {
      console.warn(`complete-lockfile: ${name}@${version} is missing and names no platform; left alone`);
      continue;
    }
    packages[hoisted] = { version, optional: true, os: [platform[1]], cpu: [platform[2]] };
    added += 1;
  }
}

writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform entries added`);
