import { HeraldError } from '@herald/shared-kernel';
import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter, Page, Sort } from '@herald/read-store';
import { allowedValues, idList, pageLimit, requireId, requireOrganizationId } from '@herald/projections/support';
import { POST_VIEW_STATUSES, type PostViewDocument, type PostViewStatus } from './post-view.evolve';
import { POSTS_COLLECTIONS, POSTS_PROJECTION } from './posts.projection';
import { queryTerms } from './search-terms';

/** A post as queries return it: the stored document without its search terms and position stamp. */
export type PostView = Omit<PostViewDocument, '_id' | 'terms'> & { readonly id: string };

export const POST_SORT_FIELDS = ['updatedAt', 'createdAt', 'scheduledFor'] as const;
export type PostSortField = (typeof POST_SORT_FIELDS)[number];

export interface PostListInput {
  readonly organizationId: string;
  /** Deleted posts are left out unless asked for by status. */
  readonly status?: PostViewStatus | readonly PostViewStatus[];
  readonly accountIds?: string | readonly string[];
  readonly platforms?: SocialPlatform | readonly SocialPlatform[];
  readonly sort?: PostSortField;
  /** Newest first by default; `asc` suits the upcoming schedule. */
  readonly direction?: 'asc' | 'desc';
  readonly after?: string | null;
  readonly limit?: number;
}

export interface PostSearchInput extends Omit<PostListInput, 'sort' | 'direction'> {
  readonly text: string;
}

export type PostStatusCounts = Readonly<Record<PostViewStatus, number>>;

export interface PostsQueries {
  list(input: PostListInput): Promise<Page<PostView>>;
  get(input: { readonly organizationId: string; readonly postId: string }): Promise<PostView | null>;
  /** Posts holding every word of `text` (each may be the start of a word), most recently changed first. */
  search(input: PostSearchInput): Promise<Page<PostView>>;
  /** Posts per status, for list tabs. */
  countByStatus(input: { readonly organizationId: string }): Promise<PostStatusCounts>;
}

export function toPostView(document: PostViewDocument): PostView {
  const { _id, terms: _terms, _position: _stamp, ...rest } = document as PostViewDocument & { _position?: number };
  return { id: _id, ...rest };
}

function scopedFilter(organizationId: string, input: Omit<PostListInput, 'organizationId' | 'sort' | 'direction' | 'after' | 'limit'>): Filter<PostViewDocument> {
  const statuses = allowedValues(input.status, POST_VIEW_STATUSES, 'status');
  const accountIds = idList(input.accountIds, 'accountIds');
  const platforms = allowedValues(input.platforms, SOCIAL_PLATFORMS, 'platforms');
  const filter: Filter<PostViewDocument> = { organizationId, status: statuses === undefined ? { $ne: 'deleted' } : { $in: statuses } };
  if (accountIds !== undefined) filter.accountIds = { $in: accountIds };
  if (platforms !== undefined) filter.platforms = { $in: platforms };
  return filter;
}

export function postsQueries(catalog: ProjectionCatalog): PostsQueries {
  const open = () => catalog.open<PostViewDocument>(POSTS_PROJECTION, POSTS_COLLECTIONS.posts);
  const page = async (filter: Filter<PostViewDocument>, sort: Sort<PostViewDocument>, after: string | null | undefined, limit: number): Promise<Page<PostView>> => {
    const result = await (await open()).findPage(filter, { sort, after: after ?? null, limit });
    return { items: result.items.map(toPostView), nextCursor: result.nextCursor };
  };
  return {
    async list(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const field = allowedValues(input.sort, POST_SORT_FIELDS, 'sort')?.[0] ?? 'updatedAt';
      const direction = allowedValues(input.direction, ['asc', 'desc'], 'direction')?.[0] ?? 'desc';
      return page(scopedFilter(organizationId, input), { [field]: direction === 'asc' ? 1 : -1 }, input.after, pageLimit(input.limit));
    },
    async get(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const postId = requireId(input.postId, 'postId');
      const found = await (await open()).findOne({ _id: postId, organizationId });
      return found === null ? null : toPostView(found);
    },
    async search(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const terms = typeof input.text === 'string' ? queryTerms(input.text) : [];
      if (terms.length === 0) throw new HeraldError('VALIDATION.FAILED', 'Search text must contain at least one letter or digit.', { field: 'text' });
      return page({ ...scopedFilter(organizationId, input), terms: { $all: terms } }, { updatedAt: -1 }, input.after, pageLimit(input.limit));
    },
    async countByStatus(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const groups = await (await open()).aggregate<{ _id: string; count: number }>([
        { $match: { organizationId } },
        { $group: { _id: '$status', count: { $sum: 1 } } },
      ]);
      const counts = Object.fromEntries(POST_VIEW_STATUSES.map((status) => [status, 0])) as Record<PostViewStatus, number>;
      for (const group of groups) if ((POST_VIEW_STATUSES as readonly string[]).includes(group._id)) counts[group._id as PostViewStatus] = group.count;
      return counts;
    },
  };
}
