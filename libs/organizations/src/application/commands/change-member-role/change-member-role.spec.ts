import {
  startOrganizations,
  type OrganizationsHarness,
  userRequest,
} from '../../../../test/organizations-harness';
import { AcceptInvitationCommand } from '../accept-invitation/accept-invitation.command';
import { CreateOrganizationCommand } from '../create-organization/create-organization.command';
import { InviteMemberCommand } from '../invite-member/invite-member.command';
import { hashInvitationToken } from '../organization-command';
import { RemoveMemberCommand } from '../remove-member/remove-member.command';
import { ChangeMemberRoleCommand } from './change-member-role.command';

describe(ChangeMemberRoleCommand.name, () => {
  let sut: OrganizationsHarness;
  let organizationId: string;

  beforeEach(async () => {
    sut = await startOrganizations();
    ({ organizationId } = await sut.bus.execute(
      new CreateOrganizationCommand('Acme', 'UTC', userRequest('user-ada', null)),
    ));
    const { invitationId } = await sut.bus.execute(
      new InviteMemberCommand(
        organizationId,
        'bob@example.com',
        'editor',
        hashInvitationToken('t'),
        userRequest('user-ada', organizationId),
      ),
    );
    await sut.bus.execute(
      new AcceptInvitationCommand(organizationId, invitationId, 't', userRequest('user-bob', organizationId)),
    );
  });
  afterEach(() => sut.close());

  const asAda = () => userRequest('user-ada', organizationId);
  const stream = () => sut.store.readStream(`organization-${organizationId}`);

  it('lets the admin promote a member, who can then hand over', async () => {
    await sut.bus.execute(new ChangeMemberRoleCommand(organizationId, 'user-bob', 'admin', asAda()));
    const result = await sut.bus.execute(
      new ChangeMemberRoleCommand(
        organizationId,
        'user-ada',
        'viewer',
        userRequest('user-bob', organizationId),
      ),
    );
    expect(result).toEqual({ organizationId, revision: 6 });
  });

  it('keeps the last admin and appends nothing', async () => {
    const before = (await stream()).length;
    await expect(
      sut.bus.execute(new ChangeMemberRoleCommand(organizationId, 'user-ada', 'editor', asAda())),
    ).rejects.toMatchObject({
      code: 'ORGANIZATION.LAST_ADMIN',
    });
    await expect(
      sut.bus.execute(new RemoveMemberCommand(organizationId, 'user-ada', asAda())),
    ).rejects.toMatchObject({
      code: 'ORGANIZATION.LAST_ADMIN',
    });
    await expect(
      sut.bus.execute(
        new ChangeMemberRoleCommand(
          organizationId,
          'user-ada',
          'viewer',
          userRequest('user-bob', organizationId),
        ),
      ),
    ).rejects.toMatchObject({ code: 'ORGANIZATION.FORBIDDEN' });
    expect(await stream()).toHaveLength(before);
  });
});
