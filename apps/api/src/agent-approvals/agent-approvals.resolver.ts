import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { type AgentTaskCommandResult, DecideAgentTaskApprovalCommand } from '@herald/agent-tasks';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { commandMetadata, type HeraldRequestContext } from '../graphql/request-context';
import { AgentTaskChange } from '../agent-tasks/agent-task.models';
import { memberOf } from '../agent-tasks/member-of';
import { DecideAgentWorkflowArgs } from './decide-agent-workflow.args';

/**
 * Records a person's decision on a content workflow's stream; a worker resumes the workflow from
 * that event, so the API needs no path to the process that ran it. The command's tenant guard
 * answers NOT_FOUND for another organization's task; the decider checks role and state.
 */
@Resolver()
export class AgentApprovalsResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @RequireRole('admin', 'manager')
  @Mutation(() => AgentTaskChange, {
    description:
      'Approves or rejects what a content workflow proposes; the post is scheduled in the background once approved (watch the task).',
  })
  decideAgentWorkflow(
    @Args() args: DecideAgentWorkflowArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AgentTaskCommandResult> {
    const { role } = memberOf(context);
    return this.commandBus.execute<DecideAgentTaskApprovalCommand, AgentTaskCommandResult>(
      new DecideAgentTaskApprovalCommand(
        args.taskId,
        {
          decision: args.decision,
          comment: args.comment ?? null,
          at: args.at ?? null,
          timeZone: args.timeZone ?? null,
        },
        role,
        commandMetadata(context, { idempotencyKey: args.idempotencyKey }),
      ),
    );
  }
}
