import { defineCodes } from './catalogue-entry';

export const ACCOUNTS_CODES = defineCodes({});
