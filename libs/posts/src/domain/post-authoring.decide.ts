import { HeraldError } from '@herald/shared-kernel';
import { validateContentShape } from './post-content';
import type {
  ApprovePost,
  DeletePost,
  DraftPost,
  DuplicatePost,
  EditPost,
  RejectPost,
  SubmitPostForApproval,
} from './post.commands';
import type { PostEvent } from './post.events';
import {
  APPROVER_ROLES,
  CONTENT_ROLES,
  invalidTransition,
  requireExisting,
  requireRole,
  validateContentForTargets,
} from './post.guards';
import type { PostState } from './post.state';

const V1 = 1;

export function decideDraft(command: DraftPost, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'draft posts');
  if (state.status !== 'none') {
    throw new HeraldError('POST.ALREADY_EXISTS', 'A post with this id already exists.', {
      postId: state.post.postId,
    });
  }
  validateContentShape(command.content, command.variants);
  return [
    {
      type: 'post.drafted',
      schemaVersion: V1,
      data: {
        postId: command.postId,
        organizationId: command.organizationId,
        authorId: command.context.actor.id,
        content: command.content,
        variants: command.variants,
        duplicatedFrom: command.duplicatedFrom,
        draftedAt: command.context.now.toISOString(),
      },
    },
  ];
}

/**
 * Editing voids a pending review or an approval (the approved text is no longer the text). A
 * scheduled post that went through approval cannot change under its approval: cancel, edit,
 * submit again. Once publishing has begun the content is what was sent.
 */
export function decideEdit(command: EditPost, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'edit posts');
  const existing = requireExisting(state);
  validateContentShape(command.content, command.variants);
  switch (existing.status) {
    case 'draft':
    case 'in_review':
    case 'approved':
      break;
    case 'scheduled':
      if (existing.post.approval !== null) {
        throw new HeraldError(
          'POST.NOT_EDITABLE',
          'This scheduled post was approved; cancel the schedule, edit it and submit it for approval again.',
          {
            status: existing.status,
          },
        );
      }
      validateContentForTargets(command.content, command.variants, existing.targets);
      break;
    case 'publishing':
    case 'completed':
      throw new HeraldError(
        'POST.NOT_EDITABLE',
        'This post has been sent to the platforms and can no longer be edited; duplicate it instead.',
        {
          status: existing.status,
        },
      );
  }
  return [
    {
      type: 'post.edited',
      schemaVersion: V1,
      data: {
        content: command.content,
        variants: command.variants,
        editedBy: command.context.actor.id,
        editedAt: command.context.now.toISOString(),
      },
    },
  ];
}

export function decideSubmit(command: SubmitPostForApproval, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'submit posts for approval');
  const existing = requireExisting(state);
  if (existing.status !== 'draft') invalidTransition(existing, 'submit it for approval');
  return [
    {
      type: 'post.submittedForApproval',
      schemaVersion: V1,
      data: { submittedBy: command.context.actor.id, submittedAt: command.context.now.toISOString() },
    },
  ];
}

export function decideApprove(command: ApprovePost, state: PostState): PostEvent[] {
  requireRole(command.role, APPROVER_ROLES, 'approve posts');
  const existing = requireExisting(state);
  if (existing.status !== 'in_review') invalidTransition(existing, 'approve it');
  return [
    {
      type: 'post.approved',
      schemaVersion: V1,
      data: {
        approvedBy: command.context.actor.id,
        note: command.note,
        approvedAt: command.context.now.toISOString(),
      },
    },
  ];
}

export function decideReject(command: RejectPost, state: PostState): PostEvent[] {
  requireRole(command.role, APPROVER_ROLES, 'reject posts');
  const existing = requireExisting(state);
  if (existing.status !== 'in_review') invalidTransition(existing, 'reject it');
  if (typeof command.reason !== 'string' || command.reason.trim() === '') {
    throw new HeraldError('VALIDATION.FAILED', 'Say why the post is rejected, so its author can fix it.', {
      field: 'reason',
    });
  }
  return [
    {
      type: 'post.rejected',
      schemaVersion: V1,
      data: {
        rejectedBy: command.context.actor.id,
        reason: command.reason.trim(),
        rejectedAt: command.context.now.toISOString(),
      },
    },
  ];
}

/** Recorded on the source; the copy is a separate stream drafted with `duplicatedFrom`. */
export function decideDuplicate(command: DuplicatePost, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'duplicate posts');
  const existing = requireExisting(state);
  if (command.newPostId === existing.post.postId) {
    throw new HeraldError('VALIDATION.FAILED', 'A duplicate needs a new post id.', { field: 'newPostId' });
  }
  return [
    {
      type: 'post.duplicated',
      schemaVersion: V1,
      data: {
        newPostId: command.newPostId,
        duplicatedBy: command.context.actor.id,
        duplicatedAt: command.context.now.toISOString(),
      },
    },
  ];
}

export function decideDelete(command: DeletePost, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'delete posts');
  const existing = requireExisting(state);
  if (
    (existing.status === 'publishing' || existing.status === 'scheduled') &&
    existing.targets.some((t) => t.status === 'publishing')
  ) {
    throw new HeraldError(
      'POST.PUBLISH_IN_PROGRESS',
      'The post is being published right now; wait for the outcome before deleting it.',
      {},
    );
  }
  return [
    {
      type: 'post.deleted',
      schemaVersion: V1,
      data: { deletedBy: command.context.actor.id, deletedAt: command.context.now.toISOString() },
    },
  ];
}
