import { assertNever, type Decider } from '@herald/shared-kernel';
import {
  decideApprove,
  decideDelete,
  decideDraft,
  decideDuplicate,
  decideEdit,
  decideReject,
  decideSubmit,
} from './post-authoring.decide';
import { decideFailure, decideMetrics, decideStartAttempt, decideSuccess } from './post-publishing.decide';
import { decideCancel, decidePublishNow, decideReschedule, decideSchedule } from './post-scheduling.decide';
import type { PostCommand } from './post.commands';
import type { PostEvent } from './post.events';
import { evolvePost } from './post.evolve';
import type { PostState } from './post.state';

function decide(command: PostCommand, state: PostState): readonly PostEvent[] {
  switch (command.type) {
    case 'DraftPost':
      return decideDraft(command, state);
    case 'EditPost':
      return decideEdit(command, state);
    case 'SubmitPostForApproval':
      return decideSubmit(command, state);
    case 'ApprovePost':
      return decideApprove(command, state);
    case 'RejectPost':
      return decideReject(command, state);
    case 'SchedulePost':
      return decideSchedule(command, state);
    case 'ReschedulePost':
      return decideReschedule(command, state);
    case 'CancelPostSchedule':
      return decideCancel(command, state);
    case 'PublishPostNow':
      return decidePublishNow(command, state);
    case 'DuplicatePost':
      return decideDuplicate(command, state);
    case 'DeletePost':
      return decideDelete(command, state);
    case 'StartPublishAttempt':
      return decideStartAttempt(command, state);
    case 'RecordPublishSuccess':
      return decideSuccess(command, state);
    case 'RecordPublishFailure':
      return decideFailure(command, state);
    case 'RecordPostMetrics':
      return decideMetrics(command, state);
    default:
      return assertNever(command, 'post command');
  }
}

export const postDecider: Decider<PostCommand, PostEvent, PostState> = {
  initialState: { status: 'none' },
  decide,
  evolve: evolvePost,
};
