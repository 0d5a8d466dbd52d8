import { CommandPipeline } from '@herald/commands';
import { assertNever, type CommandContext } from '@herald/shared-kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SocialAccountCommand } from '../../../domain/social-account.commands';
import {
  accountRevision,
  executeOnAccount,
  type SocialAccountCommandResult,
} from '../social-account-command';
import {
  type AccountHealthReport,
  ReportSocialAccountHealthCommand,
} from './report-social-account-health.command';

function toDomain(report: AccountHealthReport, context: CommandContext): SocialAccountCommand {
  switch (report.kind) {
    case 'rate_limited':
      return { type: 'MarkSocialAccountRateLimited', context, until: report.until };
    case 'error':
      return {
        type: 'MarkSocialAccountError',
        context,
        errorCode: report.errorCode,
        message: report.message,
      };
    case 'expired':
      return { type: 'MarkSocialAccountExpired', context, reason: report.reason };
    case 'healthy':
      return { type: 'MarkSocialAccountHealthy', context };
    default:
      return assertNever(report, 'account health report');
  }
}

@CommandHandler(ReportSocialAccountHealthCommand)
export class ReportSocialAccountHealthHandler implements ICommandHandler<ReportSocialAccountHealthCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ReportSocialAccountHealthCommand): Promise<SocialAccountCommandResult> {
    return executeOnAccount(
      this.pipeline,
      command,
      command.accountId,
      (context) => toDomain(command.report, context),
      accountRevision(command.accountId),
    );
  }
}
