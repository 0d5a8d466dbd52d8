/**
 * Aggregates are pure deciders (Emmett's shape): no I/O, no clock, no Nest. Everything a
 * decision needs — time, ids, the acting user and their role — arrives in the command.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  /** Returns the events the command produces, or throws a HeraldError with a catalogue code. */
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
}

/** Structurally identical to the event store's PersonalField, so the domain needs no store import. */
export interface PersonalDataField {
  readonly path: string;
  readonly subjectId: string;
}

/**
 * A domain event: explicit type string and schema version. The command pipeline wraps it in
 * the stored envelope (id, metadata, hash chain).
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly personalFields?: readonly PersonalDataField[];
}

export type ActorKind = 'user' | 'system' | 'agent' | 'webhook';

/** Who is acting, as the domain sees them. */
export interface CommandActor {
  readonly kind: ActorKind;
  readonly id: string;
}

/** Facts every command carries into `decide`. */
export interface CommandContext {
  readonly now: Date;
  readonly actor: CommandActor;
  readonly tenantId: string | null;
}

export function evolveAll<Event, State>(decider: Decider<unknown, Event, State>, events: readonly Event[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}

/** Use in the default branch of a switch over a union so adding a member fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
