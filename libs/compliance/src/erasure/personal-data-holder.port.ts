/**
 * A place outside the event log that keeps copies of a data subject's personal data (a read
 * model, a session table, a directory). Erasure asks each to forget the subject; `forget` must
 * be idempotent and resolves how many records it changed (0 on a repeat).
 */
export interface PersonalDataHolder {
  readonly name: string;
  forget(subjectId: string): Promise<number>;
}
