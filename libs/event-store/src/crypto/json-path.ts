/**
 * Dotted paths into JSON event data (`email`, `profile.name`, `contacts.0.phone`). Numeric
 * segments index arrays. Only own properties count, so a path can never reach `__proto__`.
 */
type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

export function splitPath(path: string): string[] {
  const segments = path.split('.');
  if (path.length === 0 || segments.some((s) => s.length === 0))
    throw new RangeError(`invalid path "${path}"`);
  return segments;
}

function childOf(container: Container, segment: string): { found: boolean; value: unknown } {
  if (Array.isArray(container)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return { found: false, value: undefined };
    const index = Number(segment);
    return index < container.length
      ? { found: true, value: container[index] }
      : { found: false, value: undefined };
  }
  return Object.prototype.hasOwnProperty.call(container, segment)
    ? { found: true, value: container[segment] }
    : { found: false, value: undefined };
}

/** `found: false` when any segment is missing (a present `null` value is found). */
export function getAtPath(root: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of splitPath(path)) {
    if (!isContainer(current)) return { found: false, value: undefined };
    const child = childOf(current, segment);
    if (!child.found) return child;
    current = child.value;
  }
  return { found: true, value: current };
}

/** Replaces an existing value; the caller has checked the path with `getAtPath`. */
export function setAtPath(root: unknown, path: string, value: unknown): void {
  const segments = splitPath(path);
  const parentPath = segments.slice(0, -1).join('.');
  const parent = parentPath === '' ? { found: true, value: root } : getAtPath(root, parentPath);
  const last = segments[segments.length - 1];
  if (!parent.found || !isContainer(parent.value) || !childOf(parent.value, last).found) {
    throw new RangeError(`path "${path}" does not exist`);
  }
  if (Array.isArray(parent.value)) parent.value[Number(last)] = value;
  else parent.value[last] = value;
}
