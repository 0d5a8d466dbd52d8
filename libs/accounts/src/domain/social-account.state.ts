import type { SocialPlatform } from './social-platform';

/** What the decider remembers of a connected account. Token values are deliberately absent. */
export interface ConnectedAccount {
  readonly accountId: string;
  readonly organizationId: string;
  readonly platform: SocialPlatform;
  readonly externalId: string;
  readonly handle: string;
  readonly scopes: readonly string[];
  readonly tokenExpiresAt: string | null;
  readonly hasRefreshToken: boolean;
  /** 1 at connect, +1 per reconnect; names the credential subject of the current tokens. */
  readonly generation: number;
}

export type SocialAccountState =
  | { readonly status: 'none' }
  | { readonly status: 'active'; readonly account: ConnectedAccount }
  | {
      readonly status: 'error';
      readonly account: ConnectedAccount;
      readonly errorCode: string;
      readonly message: string;
    }
  | { readonly status: 'rate_limited'; readonly account: ConnectedAccount; readonly until: string }
  | { readonly status: 'expired'; readonly account: ConnectedAccount; readonly reason: string }
  | { readonly status: 'disconnected'; readonly account: ConnectedAccount; readonly disconnectedAt: string };

export type ExistingAccountState = Exclude<SocialAccountState, { status: 'none' }>;
export type LiveAccountState = Exclude<ExistingAccountState, { status: 'disconnected' }>;
