/** Files in HERALD_DATA_DIR. */
export const EVENTS_FILE = 'events.db';
/** Beside the events but in its own file: backups of the log must not carry the keys that unlock it. */
export const KEYS_FILE = 'keys.db';
/** Read models and API sessions; rebuilt read models come back from the log, sessions do not (everyone signs in again). */
export const READ_STORE_FILE = 'read-models.db';
/** Idempotency keys of commands: a retried request finds its first answer here. */
export const IDEMPOTENCY_FILE = 'idempotency.db';
