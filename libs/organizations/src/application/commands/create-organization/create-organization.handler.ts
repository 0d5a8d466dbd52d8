import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type PreparedCommand } from '@herald/commands';
import type { OrganizationCommand } from '../../../domain/organization.commands';
import { organizationDecider } from '../../../domain/organization.decider';
import { organizationStreamId } from '../../../domain/organization.events';
import type { OrganizationCommandResult } from '../organization-command';
import { CreateOrganizationCommand } from './create-organization.command';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: CreateOrganizationCommand): Promise<OrganizationCommandResult> {
    return this.pipeline.execute(command, {
      decider: organizationDecider,
      prepare: (ids): PreparedCommand<OrganizationCommand> => {
        const organizationId = ids.next();
        return {
          streamId: organizationStreamId(organizationId),
          // The new organization is its own tenant: its events belong to it from the first one.
          tenantId: organizationId,
          command: (context) => ({
            type: 'CreateOrganization',
            organizationId,
            name: command.name,
            plan: command.plan,
            timeZone: command.timeZone,
            context,
          }),
        };
      },
      result: ({ streamId, revision }) => ({
        organizationId: streamId.slice('organization-'.length),
        revision,
      }),
    });
  }
}
