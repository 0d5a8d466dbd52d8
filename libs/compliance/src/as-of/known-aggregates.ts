import { socialAccountDecider } from '@herald/accounts';
import { agentTaskDecider } from '@herald/agent-tasks';
import { userDecider } from '@herald/identity';
import { organizationDecider } from '@herald/organizations';
import { postDecider } from '@herald/posts';
import type { Decider, DomainEvent } from '@herald/shared-kernel';

/** How to fold one category's events into its aggregate state: the decider's own `evolve`. */
export interface AggregateFold {
  readonly initialState: unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
}

// The deciders type their events precisely; stored events are checked only by category, so
// the fold accepts any domain event and trusts the stream to hold that aggregate's events.
function foldOf<S, E>(decider: Decider<unknown, E, S>): AggregateFold {
  return {
    initialState: decider.initialState,
    evolve: (state, event) => decider.evolve(state as S, event as E),
  };
}

/** Stream category → fold, for the aggregates whose past state compliance officers ask for. */
export const KNOWN_AGGREGATES: Readonly<Record<string, AggregateFold>> = {
  post: foldOf(postDecider),
  socialAccount: foldOf(socialAccountDecider),
  organization: foldOf(organizationDecider),
  user: foldOf(userDecider),
  agentTask: foldOf(agentTaskDecider),
};
