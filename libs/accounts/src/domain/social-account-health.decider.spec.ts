import type { CommandContext } from '@herald/shared-kernel';
import { deciderSpec } from '@herald/testing';
import type { SocialAccountCommand } from './social-account.commands';
import { socialAccountDecider } from './social-account.decider';
import type { SocialAccountEvent } from './social-account.events';
import {
  ACCOUNT_ID,
  ORG_ID,
  NOW,
  system,
  tokens,
  connected,
  stateAfter,
} from './testing/social-account.fixtures';

const sut = deciderSpec(socialAccountDecider);

describe('socialAccountDecider — health', () => {
  describe('health', () => {
    it('is rate limited until an instant in the future', () => {
      const events = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountRateLimited', context: system(), until: '2026-03-10T09:15:00Z' })
        .thenEvents();
      expect(stateAfter([connected(), ...events])).toMatchObject({
        status: 'rate_limited',
        until: '2026-03-10T09:15:00.000Z',
      });
    });

    it('refuses a rate limit that already ended', () => {
      sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountRateLimited', context: system(), until: '2026-03-10T08:00:00Z' })
        .thenThrows('VALIDATION.FAILED');
    });

    it('keeps the rate limit when tokens are refreshed during it', () => {
      const limited: SocialAccountEvent = {
        type: 'socialAccount.rateLimited',
        schemaVersion: 1,
        data: { accountId: ACCOUNT_ID, until: '2026-03-10T10:00:00.000Z', at: NOW.toISOString() },
      };
      const refreshed = sut
        .given([connected(), limited])
        .when({
          type: 'RefreshSocialAccountTokens',
          context: system(),
          tokens: { ...tokens, accessToken: 'at-3' },
        })
        .thenEvents();
      expect(stateAfter([connected(), limited, ...refreshed]).status).toBe('rate_limited');
    });

    it('records an error, and a repeated identical error appends nothing', () => {
      const mark: SocialAccountCommand = {
        type: 'MarkSocialAccountError',
        context: system(),
        errorCode: 'platform_5xx',
        message: 'X answered 503',
      };
      const events = sut.given([connected()]).when(mark).thenEvents();
      expect(events.map((e) => e.type)).toEqual(['socialAccount.errored']);
      sut
        .given([connected(), ...events])
        .when(mark)
        .then([]);
    });

    it('restores health after an error', () => {
      const errored = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountError', context: system(), errorCode: 'e', message: 'm' })
        .thenEvents();
      sut
        .given([connected(), ...errored])
        .when({ type: 'MarkSocialAccountHealthy', context: system() })
        .then([
          {
            type: 'socialAccount.healthRestored',
            schemaVersion: 1,
            data: { accountId: ACCOUNT_ID, previousStatus: 'error', at: NOW.toISOString() },
          },
        ]);
    });

    it('cannot declare an expired account healthy: it needs new credentials', () => {
      const expired = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountExpired', context: system(), reason: 'expired' })
        .thenEvents();
      sut
        .given([connected(), ...expired])
        .when({ type: 'MarkSocialAccountHealthy', context: system() })
        .thenThrows('ACCOUNT.TOKEN_EXPIRED');
    });

    it('marking an expired account expired again appends nothing', () => {
      const expired = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountExpired', context: system(), reason: 'expired' })
        .thenEvents();
      sut
        .given([connected(), ...expired])
        .when({ type: 'MarkSocialAccountExpired', context: system(), reason: 'expired' })
        .then([]);
    });

    it('accepts a platform callback (webhook actor) reporting expiry', () => {
      const context: CommandContext = {
        now: NOW,
        actor: { kind: 'webhook', id: 'facebook-deauthorize' },
        tenantId: ORG_ID,
      };
      expect(
        sut
          .given([connected()])
          .when({ type: 'MarkSocialAccountExpired', context, reason: 'deauthorized' })
          .thenEvents(),
      ).toHaveLength(1);
    });
  });
});
