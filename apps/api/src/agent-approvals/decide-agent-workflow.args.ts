import { ArgsType, Field, ID, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_COMMENT_LENGTH } from '@herald/agent-tasks';
import { UUID } from '../identity/auth.inputs';

export enum AgentWorkflowDecision {
  approve = 'approve',
  reject = 'reject',
}
registerEnumType(AgentWorkflowDecision, {
  name: 'AgentWorkflowDecision',
  description: 'approve schedules the proposed draft; reject leaves it a draft.',
});

@ArgsType()
export class DecideAgentWorkflowArgs {
  @Field(() => ID, { description: 'A content workflow task waiting for approval.' })
  @Matches(UUID, { message: 'must be a task id' })
  taskId!: string;

  @Field(() => AgentWorkflowDecision)
  @IsIn(Object.values(AgentWorkflowDecision))
  decision!: AgentWorkflowDecision;

  @Field(() => String, {
    nullable: true,
    description: `Why, for the audit trail (up to ${MAX_COMMENT_LENGTH} characters); erased with its author.`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601 instant overriding the proposed slot; required when the workflow proposed none.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone of `at`, e.g. Europe/Paris.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'One per user intent: a retry with the same key returns the first answer and changes nothing.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  idempotencyKey?: string | null;
}
