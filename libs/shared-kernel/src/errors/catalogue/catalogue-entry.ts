export interface CatalogueEntry {
  /** HTTP status the API answers with when this error reaches a client. */
  readonly httpStatus: number;
  /** Default message, written for the person who has to act on it. */
  readonly message: string;
}

/** Keeps each context's codes as literal types while checking the entry shape. */
export const defineCodes = <const T extends Record<string, CatalogueEntry>>(codes: T): T => codes;
