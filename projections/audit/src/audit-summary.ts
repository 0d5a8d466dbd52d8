import type { PersonalField } from '@herald/event-store';

/**
 * What an audit entry copies from an event's data: an allowlist, because an audit log is kept
 * long after a subject is erased and must never become a second, unencryptable copy of their
 * personal data. The entry references the event (id, position, hash); the event itself holds the
 * data, encrypted per subject. Copied: top-level numbers and booleans, identifiers and instants
 * (`…Id`, `…By`, `…At`), a few enumerations, and lists of ids. Never: a path the event declares
 * personal, free text (names, emails, messages, reasons, content), nested objects.
 */
export type SummaryValue = string | number | boolean | string[];

const ENUMERATION_KEYS = new Set([
  'at',
  'until',
  'platform',
  'plan',
  'from',
  'to',
  'role',
  'kind',
  'purpose',
  'status',
  'previousStatus',
  'errorClass',
  'errorCode',
  'timeZone',
  'policyVersion',
  'via',
  'model',
  'tool',
]);
const IDENTIFIER = /(Id|By|At)$/;
/** Identifiers the platform assigns to a person's own profile: personal, even though they end in Id. */
const PERSONAL_IDENTIFIERS = new Set(['externalId']);
const LIST_KEYS = new Set(['scopes', 'changed', 'published', 'failed']);
const MAX_STRING = 200;
const MAX_LIST = 50;

const isPersonal = (key: string, personal: readonly PersonalField[]): boolean =>
  PERSONAL_IDENTIFIERS.has(key) || personal.some((field) => field.path === key || field.path.startsWith(`${key}.`));

function summaryValue(key: string, value: unknown): SummaryValue | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return (IDENTIFIER.test(key) || ENUMERATION_KEYS.has(key)) && value.length <= MAX_STRING ? value : undefined;
  if (Array.isArray(value) && (key.endsWith('Ids') || LIST_KEYS.has(key))) {
    return value.length <= MAX_LIST && value.every((item) => typeof item === 'string' && item.length <= MAX_STRING) ? (value as string[]) : undefined;
  }
  return undefined;
}

export function auditSummary(data: unknown, personal: readonly PersonalField[]): Record<string, SummaryValue> {
  const summary: Record<string, SummaryValue> = {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return summary;
  for (const [key, value] of Object.entries(data)) {
    if (isPersonal(key, personal)) continue;
    const kept = summaryValue(key, value);
    if (kept !== undefined) summary[key] = kept;
  }
  return summary;
}

/** The names (never the values) of the data's fields, so an auditor sees what an event touched. */
export function dataFields(data: unknown): string[] {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data).sort() : [];
}
