import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { HeraldError } from '@herald/shared-kernel';
import type { CheckpointStore } from '../event-store.port';
import { mapEsdbError, type EsdbStreamNames } from './esdb-mapping';

const CHECKPOINT_TYPE = 'herald.checkpoint';
const MAX_ATTEMPTS = 3;

export type CheckpointClient = Pick<
  EventStoreDBClient,
  'readStream' | 'appendToStream' | 'setStreamMetadata'
>;

/**
 * One `$checkpoint-<subscriber>` stream per subscriber, capped at one event (`$maxCount: 1`) so
 * the scavenger reclaims old checkpoints. System streams keep them out of Herald's `$all` order.
 * Saves append with the exact revision read, so two owners of one subscriber (which the lease
 * design rules out) would surface as a conflict instead of interleaving silently.
 */
export class EventStoreDbCheckpointStore implements CheckpointStore {
  /** Last revision written per subscriber by this process: saves need no read in the steady state. */
  private readonly revisions = new Map<string, bigint>();

  constructor(
    private readonly client: CheckpointClient,
    private readonly names: EsdbStreamNames,
  ) {}

  async load(subscriberId: string): Promise<number | null> {
    const last = await this.readLast(subscriberId);
    return last?.position ?? null;
  }

  async save(subscriberId: string, position: number): Promise<void> {
    if (!Number.isInteger(position) || position < 0) {
      throw new HeraldError('VALIDATION.FAILED', 'a checkpoint is a global position >= 0', {
        subscriberId,
        position,
      });
    }
    const stream = this.names.checkpointStream(subscriberId);
    for (let attempt = 1; ; attempt += 1) {
      let expected = this.revisions.get(subscriberId);
      if (expected === undefined) expected = (await this.readLast(subscriberId))?.revision;
      try {
        const result = await this.client.appendToStream(
          stream,
          jsonEvent({ type: CHECKPOINT_TYPE, data: { position } }),
          {
            expectedRevision: expected ?? NO_STREAM,
          },
        );
        this.revisions.set(subscriberId, result.nextExpectedRevision);
        if (expected === undefined) await this.client.setStreamMetadata(stream, { maxCount: 1 });
        return;
      } catch (error) {
        this.revisions.delete(subscriberId);
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS)
          throw mapEsdbError(error, 'append', { streamId: stream });
      }
    }
  }

  private async readLast(subscriberId: string): Promise<{ revision: bigint; position: number } | null> {
    try {
      for await (const resolved of this.client.readStream(this.names.checkpointStream(subscriberId), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        const event = resolved.event;
        if (event === undefined) continue;
        const position = (event.data as { position?: unknown } | undefined)?.position;
        if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
          throw new HeraldError('EVENT_STORE.CORRUPT_EVENT', `checkpoint of ${subscriberId} is malformed`, {
            subscriberId,
            reason: 'malformed checkpoint',
          });
        }
        return { revision: event.revision, position };
      }
      return null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw mapEsdbError(error, 'read', { streamId: this.names.checkpointStream(subscriberId) });
    }
  }
}
