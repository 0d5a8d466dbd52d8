import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';

export interface WorkflowCheckpointer {
  readonly checkpointer: BaseCheckpointSaver;
  close(): void;
}

/**
 * LangGraph's checkpoints in a SQLite file, so a content workflow waiting for a person's approval
 * survives a worker restart: the next worker opening the same file resumes it on `decide`.
 * synchronous=FULL because an acknowledged approval request must not vanish on power loss; a
 * workflow writes a handful of checkpoints, so the fsync cost does not matter.
 */
export function openSqliteWorkflowCheckpointer(path: string): WorkflowCheckpointer {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const checkpointer = new SqliteSaver(db);
  return {
    checkpointer,
    close: () => {
      if (db.open) db.close();
    },
  };
}
