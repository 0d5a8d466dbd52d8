import { defineCodes } from './catalogue-entry';

export const ORGANIZATIONS_CODES = defineCodes({
  'ORGANIZATION.NOT_FOUND': {
    httpStatus: 404,
    message: 'This organization does not exist.',
  },
  'ORGANIZATION.ALREADY_EXISTS': {
    httpStatus: 409,
    message: 'An organization with this id already exists.',
  },
  'ORGANIZATION.DELETED': {
    httpStatus: 410,
    message: 'This organization has been deleted; nothing can change in it.',
  },
  'ORGANIZATION.FORBIDDEN': {
    httpStatus: 403,
    message: 'Your role in this organization does not allow this action.',
  },
  'ORGANIZATION.NAME_INVALID': {
    httpStatus: 400,
    message: 'An organization name needs 1 to 100 characters.',
  },
  'ORGANIZATION.PLAN_INVALID': {
    httpStatus: 400,
    message: 'Choose one of the plans: free, pro, enterprise.',
  },
  'ORGANIZATION.PLAN_DOWNGRADE_BLOCKED': {
    httpStatus: 409,
    message: 'The target plan allows fewer members than the organization has; remove members first.',
  },
  'ORGANIZATION.ROLE_INVALID': {
    httpStatus: 400,
    message: 'Choose one of the roles: admin, manager, editor, viewer, compliance.',
  },
  'ORGANIZATION.EMAIL_INVALID': {
    httpStatus: 400,
    message: 'Enter a valid email address for the invitee.',
  },
  'ORGANIZATION.ALREADY_INVITED': {
    httpStatus: 409,
    message: 'This address already has a pending invitation; revoke it to send a new one.',
  },
  'ORGANIZATION.MEMBER_LIMIT_REACHED': {
    httpStatus: 403,
    message: "The plan's member limit is reached; upgrade the plan or revoke an invitation.",
  },
  'ORGANIZATION.INVITATION_NOT_FOUND': {
    httpStatus: 404,
    message: 'This invitation does not exist, was revoked, or was already accepted.',
  },
  'ORGANIZATION.INVITATION_EXPIRED': {
    httpStatus: 410,
    message: 'This invitation has expired; ask for a new one.',
  },
  'ORGANIZATION.INVITATION_INVALID': {
    httpStatus: 403,
    message: 'This invitation link is not valid; use the link from the email.',
  },
  'ORGANIZATION.ALREADY_MEMBER': {
    httpStatus: 409,
    message: 'You are already a member of this organization.',
  },
  'ORGANIZATION.MEMBER_NOT_FOUND': {
    httpStatus: 404,
    message: 'This person is not a member of the organization.',
  },
  'ORGANIZATION.LAST_ADMIN': {
    httpStatus: 409,
    message: 'An organization needs at least one admin; make someone else admin first.',
  },
  'ORGANIZATION.TIME_ZONE_INVALID': {
    httpStatus: 400,
    message: 'The time zone must be an IANA name such as "Europe/Paris".',
  },
  'ORGANIZATION.RETENTION_OUT_OF_RANGE': {
    httpStatus: 400,
    message: 'Data retention must be between 30 and 3650 days.',
  },
  'ORGANIZATION.DAILY_CAP_INVALID': {
    httpStatus: 400,
    message: 'A daily cap must be a whole number of posts between 1 and 50, for a capped platform.',
  },
  'ORGANIZATION.DELETE_CONFIRMATION_MISMATCH': {
    httpStatus: 400,
    message: 'Type the organization name exactly to confirm its deletion.',
  },
});
