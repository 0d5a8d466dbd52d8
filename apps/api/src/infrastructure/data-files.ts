/** Files in HERALD_DATA_DIR. */
export const EVENTS_FILE = 'events.db';
/** Beside the events but in its own file: backups of the log must not carry the keys that unlock it. */
export const KEYS_FILE = 'keys.db';
