import {
  CommandPipeline,
  type RequestMetadata,
} from '@herald/commands';
import type { EventStore } from '@herald/event-store';
import {
  CompleteErasureCommand,
  executeOnUser,
  RequestErasureCommand,
  userDecider,
  userStreamId,
  type UserEvent,
  type UserState,
} from '@herald/identity';
import type { ErasureRequest, IdentityErasure } from './identity-erasure.port';

function metadataOf(request: ErasureRequest): RequestMetadata {
  return { tenantId: null, actor: request.actor, correlationId: request.correlationId, causationId: null };
}

/** IdentityErasure through the command pipeline, for processes without a Nest command bus (the CLI). */
export class PipelineIdentityErasure implements IdentityErasure {
  constructor(
    private readonly store: EventStore,
    private readonly pipeline: CommandPipeline,
  ) {}

  async status(userId: string): Promise<UserState['status']> {
    let state: UserState = userDecider.initialState;
    for (const event of await this.store.readStream(userStreamId(userId))) {
      state = userDecider.evolve(state, {
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
      } as UserEvent);
    }
    return state.status;
  }

  async requestErasure(request: ErasureRequest): Promise<void> {
    const command = new RequestErasureCommand(request.userId, metadataOf(request));
    await executeOnUser(this.pipeline, command, request.userId, (context) => ({ type: 'RequestErasure', context }));
  }

  async completeErasure(request: ErasureRequest): Promise<void> {
    const command = new CompleteErasureCommand(request.userId, metadataOf(request));
    await executeOnUser(this.pipeline, command, request.userId, (context) => ({ type: 'CompleteErasure', context }));
  }
}
