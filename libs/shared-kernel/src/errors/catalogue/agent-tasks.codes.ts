import { defineCodes } from './catalogue-entry';

export const AGENT_TASKS_CODES = defineCodes({});
