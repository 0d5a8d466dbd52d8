import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { AGENT_TASK_KINDS, type AgentTaskKind } from '@herald/agent-tasks';
import { AGENT_TASK_STATUSES, type AgentTaskStatus } from '@herald/projections/agent-tasks';
import { MAX_PAGE_SIZE } from '@herald/projections/support';
import { UUID } from '../identity/auth.inputs';
import { AgentTaskKindEnum, AgentTaskStatusEnum } from './agent-task.models';
import { JSONObjectScalar } from './json-object.scalar';

const IDEMPOTENCY_KEY_DESCRIPTION =
  'One per user intent: a retry with the same key returns the first answer and changes nothing (1 to 255 characters).';

/** Every mutation takes one; the command pipeline keys its first answer by it. */
@ArgsType()
export abstract class IdempotentArgs {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  idempotencyKey?: string | null;
}

@ArgsType()
export class AgentTaskArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a task id' })
  id!: string;
}

@ArgsType()
export class AgentTasksArgs {
  @Field(() => [AgentTaskStatusEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(AGENT_TASK_STATUSES.length)
  @IsIn(AGENT_TASK_STATUSES, { each: true })
  status?: AgentTaskStatus[] | null;

  @Field(() => [AgentTaskKindEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(AGENT_TASK_KINDS.length)
  @IsIn(AGENT_TASK_KINDS, { each: true })
  kind?: AgentTaskKind[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(UUID, { message: 'must be a user id' })
  requestedBy?: string | null;

  @Field(() => ID, { nullable: true, description: "A workflow's steps; top-level tasks only when absent." })
  @IsOptional()
  @Matches(UUID, { message: 'must be a task id' })
  parentTaskId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `1 to ${MAX_PAGE_SIZE}; 50 when absent.` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number | null;
}

@ArgsType()
export class AiUsageArgs {
  @Field({ description: 'YYYY-MM (UTC).' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month as YYYY-MM' })
  month!: string;
}

@ArgsType()
export class RequestAgentTaskArgs extends IdempotentArgs {
  @Field(() => AgentTaskKindEnum)
  @IsIn(AGENT_TASK_KINDS)
  kind!: AgentTaskKind;

  @Field(() => JSONObjectScalar, { description: "The task's named parameters (at most 32 KiB of JSON)." })
  @IsObject()
  input!: Record<string, unknown>;
}

@ArgsType()
export class CancelAgentTaskArgs extends IdempotentArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a task id' })
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

@ArgsType()
export class RateAgentTaskArgs extends IdempotentArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a task id' })
  id!: string;

  @Field(() => Int, { description: '1 to 5.' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;

  @Field({ description: 'Whether you used the result.' })
  @IsBoolean()
  used!: boolean;
}
