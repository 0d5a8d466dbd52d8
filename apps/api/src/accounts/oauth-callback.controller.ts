import { Controller, Get, HttpStatus, Logger, Param, Query, Redirect, Req } from '@nestjs/common';
import { isSocialPlatform } from '@herald/accounts';
import { HeraldConfig, isHeraldError } from '@herald/shared-kernel';
import { buildRequestContext, type IncomingRequestLike } from '../graphql/request-context';
import { AccountConnectionService } from './account-connection.service';
import { parseCallbackQuery, webAppRedirect } from './oauth-callback.query';

interface RedirectAnswer {
  readonly url: string;
  readonly statusCode: number;
}

/**
 * Where platforms send the user back after consent (`<API_BASE_URL>/oauth/<platform>/callback`).
 * The browser carries no Herald session here: the single-use state names who started the
 * connection. Whatever happens, the user lands on the web app with `?connected=` or a stable
 * `?error=<code>`; the platform's own error text is logged, never reflected into the page.
 */
@Controller('oauth')
export class OAuthCallbackController {
  private readonly logger = new Logger('OAuthCallback');

  constructor(
    private readonly connections: AccountConnectionService,
    private readonly config: HeraldConfig,
  ) {}

  @Get(':platform/callback')
  @Redirect(undefined, HttpStatus.SEE_OTHER)
  async callback(
    @Param('platform') platform: string,
    @Query() query: unknown,
    @Req() request: IncomingRequestLike,
  ): Promise<RedirectAnswer> {
    const origin = buildRequestContext(request);
    const answer = (params: Record<string, string>): RedirectAnswer => ({
      url: webAppRedirect(this.config.appBaseUrl, { platform, ...params }),
      statusCode: HttpStatus.SEE_OTHER,
    });
    if (!isSocialPlatform(platform)) return answer({ error: 'PLATFORM.NOT_SUPPORTED' });
    const callback = { platform, ...parseCallbackQuery(query) };
    try {
      const outcome = await this.connections.complete(callback, {
        requestId: origin.requestId,
        ...(origin.ip !== undefined ? { ip: origin.ip } : {}),
        ...(origin.userAgent !== undefined ? { userAgent: origin.userAgent } : {}),
      });
      this.logger.log(
        { platform, accountIds: outcome.accountIds, failure: outcome.failure?.code ?? null },
        'OAuth callback connected accounts',
      );
      return answer({
        ...(outcome.accountIds.length > 0 ? { connected: outcome.accountIds.join(',') } : {}),
        ...(outcome.failure !== null ? { error: outcome.failure.code } : {}),
      });
    } catch (error) {
      if (!isHeraldError(error)) {
        this.logger.error({ platform, err: error }, 'OAuth callback failed unexpectedly');
        return answer({ error: 'INTERNAL' });
      }
      this.logger.warn(
        {
          platform,
          code: error.code,
          details: error.details,
          platformError: callback.error,
          platformErrorDescription: callback.errorDescription,
        },
        'OAuth callback refused; nothing was connected',
      );
      return answer({ error: error.code });
    }
  }
}
