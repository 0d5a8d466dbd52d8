import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * Reads the repository's package.json by walking up from this file: the same code runs from
 * apps/api/src (tests) and from dist/apps/api/src (npm start, Docker), at different depths.
 */
export function readPackageInfo(from: string = __dirname): PackageInfo {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      if (isPackageInfo(parsed) && parsed.name === 'herald')
        return { name: parsed.name, version: parsed.version };
    }
    if (path.dirname(dir) === dir) return { name: 'herald', version: 'unknown' };
  }
}

function isPackageInfo(value: unknown): value is PackageInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { version?: unknown }).version === 'string'
  );
}
