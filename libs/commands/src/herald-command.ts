import { Command } from '@nestjs/cqrs';
import type { RequestMetadata } from './request-metadata';

/**
 * Base of every command sent on the Nest CommandBus. Extending `Command<R>` types
 * `commandBus.execute(cmd)` as `Promise<R>`.
 *
 * `commandType` is an explicit, stable string (`organizations.create`): it scopes idempotency
 * keys and appears in logs, so it must survive renames and bundling (never `constructor.name`).
 * Every other own property except `metadata` is the command's payload: it is fingerprinted to
 * detect an idempotency key reused for a different request, so keep it JSON data.
 */
export abstract class HeraldCommand<R> extends Command<R> {
  abstract readonly commandType: string;

  protected constructor(readonly metadata: RequestMetadata) {
    super();
  }
}

/** The fingerprinted part of a command: its own data, without metadata or type. */
export function commandPayload(command: HeraldCommand<unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(command)) {
    if (key !== 'metadata' && key !== 'commandType') payload[key] = value;
  }
  return payload;
}
