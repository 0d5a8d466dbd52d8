/**
 * Jest hides console output of a file whose tests are all skipped, so the warning also goes
 * straight to stderr: a run without Redis must say so, never pass silently.
 */
export function warnNotRun(what: string, reason: string): void {
  const text = `\n*** ${what} NOT RUN: ${reason}.\n*** Set REDIS_URL=redis://host:port or run scripts/servers/redis.sh install.\n`;
  process.stderr.write(text);
  console.warn(text);
}
