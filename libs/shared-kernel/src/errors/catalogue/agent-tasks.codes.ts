import { defineCodes } from './catalogue-entry';

export const AGENT_TASKS_CODES = defineCodes({
  'AGENT_TASK.NOT_FOUND': {
    httpStatus: 404,
    message: 'This agent task does not exist.',
  },
  'AGENT_TASK.ALREADY_EXISTS': {
    httpStatus: 409,
    message: 'An agent task with this id already exists.',
  },
  'AGENT_TASK.KIND_INVALID': {
    httpStatus: 400,
    message:
      'Choose one of the agents: content_creator, trend_analyzer, engagement_optimizer, smart_scheduler, performance_tracker, competitor_monitor, crisis_manager, content_workflow.',
  },
  'AGENT_TASK.INPUT_INVALID': {
    httpStatus: 400,
    message: 'The task input must be an object of named parameters, under 32 KiB.',
  },
  'AGENT_TASK.FORBIDDEN': {
    httpStatus: 403,
    message: 'Your role does not allow this action on agent tasks.',
  },
  'AGENT_TASK.ALREADY_STARTED': {
    httpStatus: 409,
    message: 'This task has already been started.',
  },
  'AGENT_TASK.NOT_RUNNING': {
    httpStatus: 409,
    message: 'This task is not running; its steps and results can no longer change.',
  },
  'AGENT_TASK.ALREADY_FINISHED': {
    httpStatus: 409,
    message: 'This task has already finished.',
  },
  'AGENT_TASK.USAGE_INVALID': {
    httpStatus: 400,
    message: 'Token counts, cost and durations must be whole numbers of at least 0.',
  },
  'AGENT_TASK.FEEDBACK_NOT_ALLOWED': {
    httpStatus: 409,
    message: 'Only a completed task can be rated.',
  },
  'AGENT_TASK.FEEDBACK_ALREADY_GIVEN': {
    httpStatus: 409,
    message: 'This result has already been rated.',
  },
  'AGENT_TASK.FEEDBACK_INVALID': {
    httpStatus: 400,
    message: 'Rate the result from 1 to 5 stars, with a comment under 2000 characters.',
  },
  'AGENT_TASK.APPROVAL_NOT_PENDING': {
    httpStatus: 409,
    message: 'This task is not waiting for an approval.',
  },
  'AGENT_TASK.APPROVAL_ALREADY_DECIDED': {
    httpStatus: 409,
    message: 'This workflow has already been approved or rejected.',
  },
  'AGENT_TASK.APPROVAL_ALREADY_REQUESTED': {
    httpStatus: 409,
    message: 'This run already asked for its approval.',
  },
});
