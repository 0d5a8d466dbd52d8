import type { EventStore, KeyVault } from '@herald/event-store';
import { HeraldError, uuidV7Generator, type CommandActor, type IdGenerator } from '@herald/shared-kernel';
import type { IdentityErasure } from './identity-erasure.port';
import type { PersonalDataHolder } from './personal-data-holder.port';

export const ERASURE_RECORD_TYPE = 'compliance.erasureRecorded';
/** Who erased whom and why: kept in its own stream, outside the erased user's, with no personal data. */
export const erasureRecordStreamId = (userId: string): string => `erasure-${userId}`;

export interface EraseUserInput {
  readonly userId: string;
  readonly reason: string;
  readonly actor: CommandActor;
}

export interface HolderOutcome {
  readonly name: string;
  readonly recordsCleared: number;
}

export interface ErasureSummary {
  readonly userId: string;
  /** What the user's stream said before this run: `erased` means a repeat (nothing left to do but re-check). */
  readonly statusBefore: 'active' | 'erasureRequested' | 'erased';
  readonly erasureRequested: boolean;
  readonly keyForgotten: boolean;
  readonly erasedEventAppended: boolean;
  readonly readModels: readonly HolderOutcome[];
  readonly correlationId: string;
}

export interface SubjectEraserOptions {
  readonly store: EventStore;
  readonly keyVault: KeyVault;
  readonly identity: IdentityErasure;
  readonly holders: readonly PersonalDataHolder[];
  readonly ids?: IdGenerator;
}

/**
 * Crypto-shredding of one user, in an order that is safe to interrupt and re-run:
 * 1. `user.erasureRequested` freezes the account (no new personal data is accepted);
 * 2. the user's key is forgotten: every copy of their encrypted fields (log, Kafka, backups)
 *    reads as erased from here on;
 * 3. `user.erased` is appended, so projections that react to it clear their copies as they
 *    reach it in the log — after the forget, so nothing they read later is plaintext;
 * 4. read-model copies made before the forget are cleared directly;
 * 5. the request (who, why) is recorded once in `erasure-<userId>`.
 * A second run finds the stream erased and repeats only the idempotent steps 2, 4 and 5.
 */
export class SubjectEraser {
  private readonly ids: IdGenerator;

  constructor(private readonly options: SubjectEraserOptions) {
    this.ids = options.ids ?? uuidV7Generator;
  }

  async erase(input: EraseUserInput): Promise<ErasureSummary> {
    const reason = input.reason.trim();
    if (reason === '') {
      throw new HeraldError('VALIDATION.FAILED', 'An erasure needs a reason (it is kept in the erasure record)', {
        field: 'reason',
      });
    }
    const { identity, keyVault } = this.options;
    const statusBefore = await identity.status(input.userId);
    if (statusBefore === 'none') {
      throw new HeraldError('USER.NOT_FOUND', `There is no user ${input.userId}`, { userId: input.userId });
    }
    const request = { userId: input.userId, actor: input.actor, correlationId: this.ids.next() };
    const erasureRequested = statusBefore === 'active';
    if (erasureRequested) await identity.requestErasure(request);

    const keyForgotten = !(await keyVault.isForgotten(input.userId));
    await keyVault.forget(input.userId);

    const erasedEventAppended = statusBefore !== 'erased';
    if (erasedEventAppended) await identity.completeErasure(request);

    const readModels: HolderOutcome[] = [];
    for (const holder of this.options.holders) {
      readModels.push({ name: holder.name, recordsCleared: await holder.forget(input.userId) });
    }
    await this.record(input, reason, request.correlationId);
    return {
      userId: input.userId,
      statusBefore,
      erasureRequested,
      keyForgotten,
      erasedEventAppended,
      readModels,
      correlationId: request.correlationId,
    };
  }

  private async record(input: EraseUserInput, reason: string, correlationId: string): Promise<void> {
    const streamId = erasureRecordStreamId(input.userId);
    if ((await this.options.store.readStream(streamId, { maxCount: 1 })).length > 0) return;
    await this.options.store.append(
      streamId,
      [
        {
          id: this.ids.next(),
          type: ERASURE_RECORD_TYPE,
          schemaVersion: 1,
          data: { userId: input.userId, reason, erasedBy: input.actor.id },
          metadata: { tenantId: null, actor: input.actor, correlationId, causationId: null, subjectIds: [] },
        },
      ],
      // The first run's reason stands; a re-run after a crash before this point adds the missing record.
      { expectedRevision: 'no_stream' },
    );
  }
}
