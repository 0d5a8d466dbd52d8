import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AGENT_TASK_KINDS } from '@herald/agent-tasks';
import { AGENT_TASK_STATUSES } from '@herald/projections/agent-tasks';

export const AgentTaskKindEnum = Object.fromEntries(AGENT_TASK_KINDS.map((kind) => [kind, kind]));
registerEnumType(AgentTaskKindEnum, { name: 'AgentTaskKind' });

export const AgentTaskStatusEnum = Object.fromEntries(AGENT_TASK_STATUSES.map((status) => [status, status]));
registerEnumType(AgentTaskStatusEnum, { name: 'AgentTaskStatus' });

@ObjectType()
export class AgentTaskStep {
  @Field()
  name!: string;

  @Field()
  summary!: string;
}

@ObjectType()
export class AgentTaskFailure {
  @Field()
  reason!: string;

  @Field()
  retryable!: boolean;
}

@ObjectType()
export class AgentTaskCancellation {
  @Field(() => ID)
  cancelledBy!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType()
export class AgentTaskFeedback {
  @Field(() => Int, { description: '1 to 5.' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'Null when not given or erased with its author.' })
  comment!: string | null;

  @Field()
  used!: boolean;

  @Field(() => ID)
  givenBy!: string;

  @Field()
  givenAt!: Date;
}

@ObjectType({ description: "One of your organization's AI tasks, from the agent-tasks read model." })
export class AgentTask {
  @Field(() => ID)
  id!: string;

  @Field(() => AgentTaskKindEnum)
  kind!: string;

  @Field(() => AgentTaskStatusEnum)
  status!: string;

  @Field(() => ID)
  requestedBy!: string;

  @Field(() => ID, { nullable: true, description: 'The workflow task this one is a step of.' })
  parentTaskId!: string | null;

  @Field(() => Int)
  children!: number;

  @Field()
  requestedAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => Int)
  steps!: number;

  @Field(() => AgentTaskStep, { nullable: true })
  lastStep!: AgentTaskStep | null;

  @Field(() => Int)
  toolCalls!: number;

  @Field(() => String, { nullable: true })
  model!: string | null;

  @Field(() => Int)
  tokensIn!: number;

  @Field(() => Int)
  tokensOut!: number;

  @Field(() => Float, { description: 'Millionths of a US dollar.' })
  costUsdMicros!: number;

  @Field(() => String, { nullable: true })
  resultSummary!: string | null;

  @Field(() => AgentTaskFailure, { nullable: true })
  failure!: AgentTaskFailure | null;

  @Field(() => AgentTaskCancellation, { nullable: true })
  cancellation!: AgentTaskCancellation | null;

  @Field(() => AgentTaskFeedback, { nullable: true })
  feedback!: AgentTaskFeedback | null;
}

@ObjectType()
export class AgentTaskPage {
  @Field(() => [AgentTask])
  items!: AgentTask[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}

@ObjectType()
export class AgentTaskChange {
  @Field(() => ID)
  taskId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Stream revision after the change; null when nothing changed.',
  })
  revision!: number | null;
}

@ObjectType()
export class UsageFigures {
  @Field(() => Float)
  tokensIn!: number;

  @Field(() => Float)
  tokensOut!: number;

  @Field(() => Float, { description: 'Millionths of a US dollar.' })
  costUsdMicros!: number;

  @Field(() => Int)
  completedTasks!: number;
}

@ObjectType()
export class KindUsage extends UsageFigures {
  @Field(() => AgentTaskKindEnum)
  kind!: string;
}

@ObjectType()
export class ModelUsage extends UsageFigures {
  @Field()
  model!: string;
}

@ObjectType({ description: "A month's AI usage against the plan's token budget." })
export class AiUsage extends UsageFigures {
  @Field({ description: 'YYYY-MM (UTC).' })
  month!: string;

  @Field(() => String, { nullable: true })
  plan!: string | null;

  @Field(() => Float)
  tokens!: number;

  @Field(() => Float, { nullable: true })
  budgetTokens!: number | null;

  @Field(() => Float, { nullable: true })
  remainingTokens!: number | null;

  @Field()
  overBudget!: boolean;

  @Field(() => [KindUsage])
  byKind!: KindUsage[];

  @Field(() => [ModelUsage])
  byModel!: ModelUsage[];
}
