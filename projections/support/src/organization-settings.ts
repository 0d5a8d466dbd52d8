import type { OrganizationEvent } from '@herald/organizations';
import type { ProjectionContext } from '@herald/projections-runtime';
import type { Collection } from '@herald/read-store';
import type { RecordedEvent } from '@herald/event-store';
import { domainEventOf, type EventVersions } from './domain-event';

/**
 * The organization settings read models need (time zone, daily-cap overrides). Each projection
 * keeps its own copy in its own collection: projections are rebuilt independently and must not
 * read each other's documents.
 */
export interface OrganizationSettingsDocument {
  _id: string;
  timeZone: string;
  dailyCaps: Record<string, number>;
  deleted: boolean;
}

type SettingsEvent = Extract<OrganizationEvent, { type: 'organization.created' | 'organization.settingsUpdated' | 'organization.deleted' }>;

export const ORGANIZATION_SETTINGS_VERSIONS: EventVersions<SettingsEvent> = {
  'organization.created': 1,
  'organization.settingsUpdated': 1,
  'organization.deleted': 1,
};

/** Applies the event when it is one of ORGANIZATION_SETTINGS_VERSIONS; true when it was. */
export function applyOrganizationSettings(event: RecordedEvent, context: ProjectionContext, collection: string): boolean {
  const settings = domainEventOf<SettingsEvent>(event, ORGANIZATION_SETTINGS_VERSIONS);
  if (settings === null) return false;
  switch (settings.type) {
    case 'organization.created':
    case 'organization.settingsUpdated':
      context.upsert<OrganizationSettingsDocument>(collection, settings.data.organizationId, {
        $set: { timeZone: settings.data.settings.timeZone, dailyCaps: { ...settings.data.settings.dailyCaps } },
        $setOnInsert: { deleted: false },
      });
      return true;
    case 'organization.deleted':
      context.upsert<OrganizationSettingsDocument>(collection, settings.data.organizationId, { $set: { deleted: true } });
      return true;
  }
}

export const UTC = 'UTC';

/** The organization's settings as a query sees them; defaults when the organization is unknown to the projection yet. */
export async function organizationSettings(collection: Collection<OrganizationSettingsDocument>, organizationId: string): Promise<OrganizationSettingsDocument> {
  const found = await collection.findOne({ _id: organizationId });
  return found ?? { _id: organizationId, timeZone: UTC, dailyCaps: {}, deleted: false };
}
