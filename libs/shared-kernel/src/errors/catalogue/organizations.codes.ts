import { defineCodes } from './catalogue-entry';

export const ORGANIZATIONS_CODES = defineCodes({});
