import {
  type CommandContext,
  type Decider,
  type DomainEvent,
  HeraldError,
  assertNever,
} from '@herald/shared-kernel';

/** A minimal aggregate to exercise the pipeline: opened by an owner (personal data), then counted up. */
export type CounterEvent =
  | DomainEvent<'counter.opened', { counterId: string; ownerEmail: string; openedAt: string }>
  | DomainEvent<'counter.incremented', { by: number; at: string }>;

export type CounterCommand =
  | { type: 'OpenCounter'; counterId: string; ownerId: string; ownerEmail: string; context: CommandContext }
  | { type: 'Increment'; by: number; context: CommandContext };

export type CounterState = { status: 'none' } | { status: 'open'; value: number };

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'OpenCounter':
        if (state.status !== 'none') throw new HeraldError('VALIDATION.FAILED', 'counter already open');
        return [
          {
            type: 'counter.opened',
            schemaVersion: 1,
            data: {
              counterId: command.counterId,
              ownerEmail: command.ownerEmail,
              openedAt: command.context.now.toISOString(),
            },
            personalFields: [{ path: 'ownerEmail', subjectId: command.ownerId }],
          },
        ];
      case 'Increment':
        if (state.status !== 'open') throw new HeraldError('NOT_FOUND', 'no such counter');
        if (command.by <= 0) throw new HeraldError('VALIDATION.FAILED', 'increment must be positive');
        return [
          {
            type: 'counter.incremented',
            schemaVersion: 1,
            data: { by: command.by, at: command.context.now.toISOString() },
          },
        ];
      default:
        return assertNever(command, 'command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'counter.opened':
        return { status: 'open', value: 0 };
      case 'counter.incremented':
        return state.status === 'open' ? { status: 'open', value: state.value + event.data.by } : state;
      default:
        return assertNever(event, 'event');
    }
  },
};
