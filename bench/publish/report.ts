/** A target verdict line: MET or MISSED, and by how much. */
export function verdict(name: string, measured: number | null, target: number, unit: string, lowerIsBetter: boolean): string {
  if (measured === null) return `${name}: MISSED (not measured; target ${lowerIsBetter ? '≤' : '≥'} ${target} ${unit})`;
  const met = lowerIsBetter ? measured <= target : measured >= target;
  const by = Math.abs(measured - target);
  return `${name}: ${met ? 'MET' : 'MISSED'} by ${round(by)} ${unit} (measured ${round(measured)} ${unit}, target ${lowerIsBetter ? '≤' : '≥'} ${target} ${unit})`;
}

export const round = (value: number): string =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3);

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
