import { isHeraldError } from '@herald/shared-kernel';

export interface ProcessIo {
  readonly stderr: { write(text: string): unknown };
  exit(code: number): void;
}

const nodeProcess: ProcessIo = { stderr: process.stderr, exit: (code) => process.exit(code) };

/**
 * Start-up failures end the process with a non-zero code and a message an operator can act on.
 * Exiting explicitly: a half-started app may hold open handles (a database, a socket) that
 * would keep a failed process alive.
 */
export async function runOrExit(start: () => Promise<unknown>, io: ProcessIo = nodeProcess): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (isHeraldError(error)) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
    } else {
      io.stderr.write(
        `Herald failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    io.exit(1);
  }
}
