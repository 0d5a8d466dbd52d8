import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgentTasksModule } from '@herald/agent-tasks';
import { AgentApprovalsResolver } from './agent-approvals.resolver';

/** Approval decisions on agent workflows, recorded as commands on the task's stream. */
@Module({
  imports: [CqrsModule, AgentTasksModule],
  providers: [AgentApprovalsResolver],
})
export class AgentApprovalsApiModule {}
