import { defineProjection } from '@herald/projections-runtime';
import {
  applyOrganizationSettings,
  applyPostOccurrences,
  ORGANIZATION_SETTINGS_VERSIONS,
  POST_OCCURRENCE_VERSIONS,
  typesOf,
} from '@herald/projections/support';

export const CALENDAR_PROJECTION = 'calendar';

/** Logical collections: one entry per occurrence and target, the posts they come from, the organizations' zones. */
export const CALENDAR_COLLECTIONS = { entries: 'entries', posts: 'posts', organizations: 'organizations' } as const;

/**
 * The content calendar: each scheduled, publishing, published or failed occurrence of a post per
 * target account, at its UTC instant. Days, weeks and months are cut in a time zone at query
 * time (calendar.queries.ts), so a zone change or a DST transition never needs a rebuild.
 */
export const calendarProjection = defineProjection({
  name: CALENDAR_PROJECTION,
  version: 1,
  eventTypes: [...typesOf(POST_OCCURRENCE_VERSIONS), ...typesOf(ORGANIZATION_SETTINGS_VERSIONS)],
  categories: ['post', 'organization'],
  collections: Object.values(CALENDAR_COLLECTIONS),
  async setup(indexes) {
    await indexes.createIndex(CALENDAR_COLLECTIONS.entries, { fields: { organizationId: 1, at: 1 } });
    await indexes.createIndex(CALENDAR_COLLECTIONS.entries, { fields: { postId: 1, status: 1 } });
    await indexes.createIndex(CALENDAR_COLLECTIONS.posts, { fields: { organizationId: 1, 'schedule.open': 1 } });
    // Month views look up the open recurring series only: one-off posts have their entries stored.
    await indexes.createIndex(CALENDAR_COLLECTIONS.posts, {
      fields: { organizationId: 1, 'schedule.open': 1, 'schedule.recurrence.frequency': 1 },
    });
  },
  async handle(event, context) {
    if (applyOrganizationSettings(event, context, CALENDAR_COLLECTIONS.organizations)) return;
    await applyPostOccurrences(event, context, { posts: CALENDAR_COLLECTIONS.posts, slots: CALENDAR_COLLECTIONS.entries });
  },
});
