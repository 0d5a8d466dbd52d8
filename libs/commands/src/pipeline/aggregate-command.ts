import type { CommandContext, Decider, DomainEvent, IdGenerator } from '@herald/shared-kernel';

/** What one execution did to its stream, handed to `result` to shape the command's answer. */
export interface CommandOutcome<State, Event extends DomainEvent> {
  readonly streamId: string;
  /** State after the events below. */
  readonly state: State;
  /** The events this command produced (found again in the stream when recovering a crashed attempt). */
  readonly events: readonly Event[];
  /** Revision of the stream's last event afterwards; null when the stream is still empty. */
  readonly revision: number | null;
}

/** A command's target stream and domain command, fixed once per execution. */
export interface PreparedCommand<DomainCommand> {
  readonly streamId: string;
  /**
   * The tenant the events belong to when it is not the request's: creating an organization
   * happens outside any tenant, yet its events belong to the new organization.
   */
  readonly tenantId?: string | null;
  /** Builds the domain command; called again on each conflict retry with a fresh `now`. */
  readonly command: (context: CommandContext) => DomainCommand;
}

export interface AggregateCommandSpec<DomainCommand, Event extends DomainEvent, State, Result> {
  readonly decider: Decider<DomainCommand, Event, State>;
  /**
   * Runs once per execution, not per retry: ids drawn from `ids` (a new aggregate's id, an
   * invitation id) stay the same across conflict retries and, when the command carries an
   * idempotency key, across process restarts.
   */
  readonly prepare: (ids: IdGenerator) => PreparedCommand<NoInfer<DomainCommand>>;
  /** The command's answer. With an idempotency key it is stored as JSON: keep it JSON data. */
  readonly result: (outcome: CommandOutcome<NoInfer<State>, NoInfer<Event>>) => Result;
  /** Subjects an event concerns beyond its personal fields (e.g. every event of a user's stream). */
  readonly subjectIds?: (event: Event) => readonly string[];
}
