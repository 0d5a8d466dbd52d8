import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, SqliteEventStore } from '@herald/event-store';

export interface TestDirectory {
  readonly path: string;
  file(name: string): string;
  remove(): void;
}

export function testDirectory(): TestDirectory {
  const path = mkdtempSync(join(tmpdir(), 'herald-commands-'));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

export function openTestEventStore(dir: string): Promise<EventStore> {
  return SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
}
