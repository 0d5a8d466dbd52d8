import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public, RequestContext, RequireRole } from '../graphql/access.decorators';
import type { HeraldRequestContext } from '../graphql/request-context';
import { AccountRecoveryService } from './account-recovery.service';
import {
  ApiKeyArgs,
  CreateApiKeyInput,
  DisableTotpInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  TotpCodeInput,
  VerifyEmailInput,
} from './account-security.inputs';
import { ApiKey, CreatedApiKey, TotpConfirmation, TotpSetup } from './account-security.models';
import { ApiKeyService } from './api-key.service';
import type { ApiKeyDocument } from './api-keys';
import { TwoFactorService } from './two-factor.service';

@Resolver()
export class AccountSecurityResolver {
  constructor(
    private readonly recovery: AccountRecoveryService,
    private readonly twoFactor: TwoFactorService,
    private readonly keys: ApiKeyService,
  ) {}

  @Mutation(() => Boolean, { description: 'Mails a new verification link to your address.' })
  requestEmailVerification(@RequestContext() context: HeraldRequestContext): Promise<boolean> {
    return this.recovery.requestEmailVerification(context);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Confirms an address with the token of the latest verification mail.',
  })
  verifyEmail(
    @Args('input') input: VerifyEmailInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<boolean> {
    return this.recovery.verifyEmail(input.token, context);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Mails a reset link when the address has an account. Always answers true.',
  })
  requestPasswordReset(@Args('input') input: RequestPasswordResetInput): Promise<boolean> {
    return this.recovery.requestPasswordReset(input.email);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Sets a new password with a reset token; signs out every session.',
  })
  resetPassword(
    @Args('input') input: ResetPasswordInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<boolean> {
    return this.recovery.resetPassword(input.token, input.newPassword, context);
  }

  @Mutation(() => TotpSetup, { description: 'Starts two-factor setup; nothing changes until `confirmTotp`.' })
  enableTotp(@RequestContext() context: HeraldRequestContext): Promise<TotpSetup> {
    return this.twoFactor.enable(context);
  }

  @Mutation(() => TotpConfirmation, { description: 'Turns two-factor on with a first code from the app.' })
  async confirmTotp(
    @Args('input') input: TotpCodeInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<TotpConfirmation> {
    return { recoveryCodes: await this.twoFactor.confirm(input.code, context) };
  }

  @Mutation(() => Boolean, { description: 'Turns two-factor off with a current code or a recovery code.' })
  disableTotp(
    @Args('input') input: DisableTotpInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<boolean> {
    return this.twoFactor.disable(
      { code: input.code ?? null, recoveryCode: input.recoveryCode ?? null },
      context,
    );
  }

  @RequireRole('admin')
  @Mutation(() => CreatedApiKey, { description: 'A new integration key for this organization (admins).' })
  async createApiKey(
    @Args('input') input: CreateApiKeyInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<CreatedApiKey> {
    const created = await this.keys.create(input, context);
    return { key: created.key, apiKey: toApiKey(created.document) };
  }

  @RequireRole('admin')
  @Query(() => [ApiKey], { description: "This organization's API keys, newest first (admins)." })
  async apiKeys(@RequestContext() context: HeraldRequestContext): Promise<ApiKey[]> {
    return (await this.keys.list(context)).map(toApiKey);
  }

  @RequireRole('admin')
  @Mutation(() => Boolean, { description: 'Revokes an API key at once (admins).' })
  revokeApiKey(@Args() args: ApiKeyArgs, @RequestContext() context: HeraldRequestContext): Promise<boolean> {
    return this.keys.revoke(args.apiKeyId, context);
  }
}

function toApiKey(document: ApiKeyDocument): ApiKey {
  return {
    id: document._id,
    name: document.name,
    scopes: document.scopes,
    createdBy: document.createdBy,
    createdAt: new Date(document.createdAt),
    expiresAt: document.expiresAt === null ? null : new Date(document.expiresAt),
    revokedAt: document.revokedAt === null ? null : new Date(document.revokedAt),
  };
}
