import { defineCodes } from './catalogue-entry';

export const POSTS_CODES = defineCodes({});
