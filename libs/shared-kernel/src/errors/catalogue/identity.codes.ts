import { defineCodes } from './catalogue-entry';

export const IDENTITY_CODES = defineCodes({});
