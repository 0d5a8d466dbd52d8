import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CancelAgentTaskHandler } from './application/commands/cancel-agent-task/cancel-agent-task.handler';
import { CompleteAgentTaskHandler } from './application/commands/complete-agent-task/complete-agent-task.handler';
import { FailAgentTaskHandler } from './application/commands/fail-agent-task/fail-agent-task.handler';
import { GiveAgentTaskFeedbackHandler } from './application/commands/give-feedback/give-feedback.handler';
import { RecordAgentTaskStepHandler } from './application/commands/record-step/record-step.handler';
import { RecordAgentToolCallHandler } from './application/commands/record-tool-call/record-tool-call.handler';
import { DecideAgentTaskApprovalHandler } from './application/commands/decide-approval/decide-approval.handler';
import { RequestAgentTaskApprovalHandler } from './application/commands/request-approval/request-approval.handler';
import { RequestAgentTaskHandler } from './application/commands/request-agent-task/request-agent-task.handler';
import { StartAgentTaskHandler } from './application/commands/start-agent-task/start-agent-task.handler';

export const AGENT_TASK_COMMAND_HANDLERS = [
  RequestAgentTaskHandler,
  StartAgentTaskHandler,
  RecordAgentTaskStepHandler,
  RecordAgentToolCallHandler,
  CompleteAgentTaskHandler,
  FailAgentTaskHandler,
  CancelAgentTaskHandler,
  GiveAgentTaskFeedbackHandler,
  RequestAgentTaskApprovalHandler,
  DecideAgentTaskApprovalHandler,
];

/** Needs `CommandsModule.forRoot(...)` (global) in the process: handlers inject its CommandPipeline. */
@Module({
  imports: [CqrsModule],
  providers: [...AGENT_TASK_COMMAND_HANDLERS],
})
export class AgentTasksModule {}
