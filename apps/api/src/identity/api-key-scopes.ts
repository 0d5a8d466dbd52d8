/**
 * What an API key may call, by GraphQL root field. Deny by default: an operation missing here
 * (sessions, key management, membership) is out of reach of every key, whatever its scopes.
 * `null` marks operations any valid key may call.
 */
export const API_KEY_SCOPES = [
  'posts:read',
  'posts:write',
  'posts:approve',
  'accounts:read',
  'organization:read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const OPERATION_SCOPES: Readonly<Record<string, ApiKeyScope | null>> = {
  'Query.me': null,
  'Query.serverInfo': null,
  'Query.post': 'posts:read',
  'Query.posts': 'posts:read',
  'Query.calendar': 'posts:read',
  'Subscription.postStatusChanged': 'posts:read',
  'Mutation.draftPost': 'posts:write',
  'Mutation.editPost': 'posts:write',
  'Mutation.deletePost': 'posts:write',
  'Mutation.duplicatePost': 'posts:write',
  'Mutation.schedulePost': 'posts:write',
  'Mutation.bulkSchedulePosts': 'posts:write',
  'Mutation.reschedulePost': 'posts:write',
  'Mutation.cancelPostSchedule': 'posts:write',
  'Mutation.publishPostNow': 'posts:write',
  'Mutation.submitPostForApproval': 'posts:write',
  'Mutation.approvePost': 'posts:approve',
  'Mutation.rejectPost': 'posts:approve',
  'Query.socialAccounts': 'accounts:read',
  'Query.socialAccount': 'accounts:read',
  'Query.accountDailyUsage': 'accounts:read',
  'Query.platforms': 'accounts:read',
  'Query.organization': 'organization:read',
};

export const isApiKeyScope = (scope: string): scope is ApiKeyScope =>
  (API_KEY_SCOPES as readonly string[]).includes(scope);

/** undefined: no key may call it; null: any key; otherwise the scope it needs. */
export function scopeForOperation(rootType: string, field: string): ApiKeyScope | null | undefined {
  return OPERATION_SCOPES[`${rootType}.${field}`];
}
