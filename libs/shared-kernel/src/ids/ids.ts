import { v7 as uuidv7, validate, version } from 'uuid';

/** Ids are UUIDv7: time-ordered, so they index well and sort by creation. */
export interface IdGenerator {
  next(): string;
}

export const ID_GENERATOR = Symbol('IdGenerator');

export const uuidV7Generator: IdGenerator = { next: () => uuidv7() };

export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}
