import type { MemberRole } from '@herald/organizations';
import { deciderSpec } from '@herald/testing';
import { postDecider } from './post.decider';
import type { PostCommand } from './post.commands';
import {
  approve,
  content,
  draft,
  historyOf,
  NOW,
  ORG_ID,
  POST_ID,
  schedule,
  stateOf,
  submit,
  user,
} from './testing/post.fixtures';

const sut = deciderSpec(postDecider);
const edit = (role: MemberRole = 'editor', text = 'Spring launch moved to Friday'): PostCommand => ({
  type: 'EditPost',
  context: user(),
  role,
  content: content({ text }),
  variants: {},
});

describe('postDecider — drafting and approval', () => {
  describe('draft', () => {
    it('an editor drafts a post', () => {
      sut
        .given([])
        .when(draft())
        .then([
          {
            type: 'post.drafted',
            schemaVersion: 1,
            data: {
              postId: POST_ID,
              organizationId: ORG_ID,
              authorId: 'user-1',
              content: content(),
              variants: {},
              duplicatedFrom: null,
              draftedAt: NOW.toISOString(),
            },
          },
        ]);
    });

    it('a viewer cannot draft, and is told which roles can', () => {
      const error = sut
        .given([])
        .when(draft({ role: 'viewer' }))
        .thenThrows('POST.FORBIDDEN');
      expect(error.message).toBe(
        'Your role (viewer) cannot draft posts; this needs one of: admin, manager, editor.',
      );
    });

    it('a post needs text or media', () => {
      sut
        .given([])
        .when(draft({ content: content({ text: ' ', media: [], hashtags: [] }) }))
        .thenThrows('POST.CONTENT_EMPTY');
    });

    it('refuses malformed media before any platform rule runs', () => {
      const media = [{ ...content().media[0], sizeBytes: -1 }];
      sut
        .given([])
        .when(draft({ content: content({ media }) }))
        .thenThrows('VALIDATION.FAILED');
    });

    it('cannot reuse an existing post id', () => {
      sut.given(historyOf(draft())).when(draft()).thenThrows('POST.ALREADY_EXISTS');
    });
  });

  describe('edit', () => {
    it('an editor edits a draft', () => {
      const [event] = sut.given(historyOf(draft())).when(edit()).thenEvents();
      expect(event).toMatchObject({
        type: 'post.edited',
        data: { content: { text: 'Spring launch moved to Friday' }, editedBy: 'user-1' },
      });
    });

    it('a viewer cannot edit', () => {
      sut.given(historyOf(draft())).when(edit('viewer')).thenThrows('POST.FORBIDDEN');
    });

    it('editing an approved post voids the approval: the post is a draft again', () => {
      const history = historyOf(draft(), submit(), approve());
      const events = sut.given(history).when(edit()).thenEvents();
      expect(stateOf([...history, ...events])).toMatchObject({ status: 'draft', post: { approval: null } });
    });

    it('a scheduled post that was approved cannot change under its approval', () => {
      const history = historyOf(draft(), submit(), approve(), schedule({ approvalRequired: true }));
      sut.given(history).when(edit()).thenThrows('POST.NOT_EDITABLE');
    });

    it('a scheduled post without approval can be edited, and stays scheduled', () => {
      const history = historyOf(draft(), schedule());
      const events = sut.given(history).when(edit()).thenEvents();
      expect(stateOf([...history, ...events]).status).toBe('scheduled');
    });

    it('an edit of a scheduled post must still fit its targets', () => {
      const history = historyOf(draft(), schedule());
      sut
        .given(history)
        .when(edit('editor', 'x'.repeat(300)))
        .thenThrows('POST.TEXT_TOO_LONG');
    });
  });

  describe('approval', () => {
    it('an editor submits a draft for approval', () => {
      const events = sut.given(historyOf(draft())).when(submit('editor')).thenEvents();
      expect(events.map((e) => e.type)).toEqual(['post.submittedForApproval']);
    });

    it('a viewer cannot submit', () => {
      sut.given(historyOf(draft())).when(submit('viewer')).thenThrows('POST.FORBIDDEN');
    });

    it.each<MemberRole>(['admin', 'manager'])('the %s role approves', (role) => {
      const events = sut.given(historyOf(draft(), submit())).when(approve(role)).thenEvents();
      expect(stateOf([...historyOf(draft(), submit()), ...events])).toMatchObject({
        status: 'approved',
        post: { approval: { approvedBy: 'manager-1' } },
      });
    });

    it.each<MemberRole>(['editor', 'viewer'])('the %s role cannot approve', (role) => {
      sut.given(historyOf(draft(), submit())).when(approve(role)).thenThrows('POST.FORBIDDEN');
    });

    it('only a submitted post can be approved', () => {
      const error = sut.given(historyOf(draft())).when(approve()).thenThrows('POST.INVALID_TRANSITION');
      expect(error.message).toBe('Cannot approve it: the post is a draft.');
    });

    it('a rejection keeps its reason and sends the post back to draft', () => {
      const history = historyOf(draft(), submit());
      const reject: PostCommand = {
        type: 'RejectPost',
        context: user(),
        role: 'admin',
        reason: ' Wrong launch date ',
      };
      const events = sut.given(history).when(reject).thenEvents();
      expect(stateOf([...history, ...events])).toMatchObject({
        status: 'draft',
        post: { lastRejection: { reason: 'Wrong launch date' } },
      });
    });

    it('a rejection needs a reason', () => {
      const reject: PostCommand = { type: 'RejectPost', context: user(), role: 'admin', reason: '  ' };
      sut.given(historyOf(draft(), submit())).when(reject).thenThrows('VALIDATION.FAILED');
    });
  });

  describe('duplicate', () => {
    const duplicate = (newPostId: string): PostCommand => ({
      type: 'DuplicatePost',
      context: user(),
      role: 'editor',
      newPostId,
    });

    it('records the copy on the source; the copy is drafted with duplicatedFrom', () => {
      sut
        .given(historyOf(draft()))
        .when(duplicate('post-copy'))
        .then([
          {
            type: 'post.duplicated',
            schemaVersion: 1,
            data: { newPostId: 'post-copy', duplicatedBy: 'user-1', duplicatedAt: NOW.toISOString() },
          },
        ]);
      const copy = historyOf(draft({ postId: 'post-copy', duplicatedFrom: POST_ID }));
      expect(stateOf(copy)).toMatchObject({
        status: 'draft',
        post: { postId: 'post-copy', duplicatedFrom: POST_ID },
      });
    });

    it('a deleted post cannot be duplicated', () => {
      const deleted = historyOf(draft(), { type: 'DeletePost', context: user(), role: 'editor' });
      sut.given(deleted).when(duplicate('post-copy')).thenThrows('POST.DELETED');
    });
  });

  describe('delete', () => {
    const del = (role: MemberRole = 'manager'): PostCommand => ({
      type: 'DeletePost',
      context: user(),
      role,
    });

    it('deletes a scheduled post, which stops it', () => {
      const history = historyOf(draft(), schedule());
      const events = sut.given(history).when(del()).thenEvents();
      expect(stateOf([...history, ...events]).status).toBe('deleted');
    });

    it('a viewer cannot delete', () => {
      sut.given(historyOf(draft())).when(del('viewer')).thenThrows('POST.FORBIDDEN');
    });

    it('nothing can be done to a deleted post', () => {
      const deleted = historyOf(draft(), del());
      sut.given(deleted).when(edit()).thenThrows('POST.DELETED');
      sut.given(deleted).when(del()).thenThrows('POST.DELETED');
    });

    it('an unknown post is not found', () => {
      sut.given([]).when(del()).thenThrows('NOT_FOUND');
    });
  });
});
