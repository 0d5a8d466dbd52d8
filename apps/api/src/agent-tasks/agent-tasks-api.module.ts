import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgentTasksModule } from '@herald/agent-tasks';
import { AgentTasksResolver } from './agent-tasks.resolver';

/** Agent tasks at the API edge: request, cancel and rate through commands; reads from the projection. */
@Module({
  imports: [CqrsModule, AgentTasksModule],
  providers: [AgentTasksResolver],
})
export class AgentTasksApiModule {}
