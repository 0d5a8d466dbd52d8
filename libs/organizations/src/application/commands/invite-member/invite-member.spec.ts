import {
  startOrganizations,
  type OrganizationsHarness,
  userRequest,
} from '../../../../test/organizations-harness';
import { AcceptInvitationCommand } from '../accept-invitation/accept-invitation.command';
import { CreateOrganizationCommand } from '../create-organization/create-organization.command';
import { hashInvitationToken } from '../organization-command';
import { InviteMemberCommand } from './invite-member.command';

describe(InviteMemberCommand.name, () => {
  let sut: OrganizationsHarness;
  let organizationId: string;
  const token = 'tok_3b1f0d7c9e8a4f2b';

  beforeEach(async () => {
    sut = await startOrganizations();
    ({ organizationId } = await sut.bus.execute(
      new CreateOrganizationCommand('Acme', 'UTC', userRequest('user-ada', null)),
    ));
  });
  afterEach(() => sut.close());

  const invite = (email = 'Cleo@Example.com', role = 'editor') =>
    sut.bus.execute(
      new InviteMemberCommand(
        organizationId,
        email,
        role,
        hashInvitationToken(token),
        userRequest('user-ada', organizationId),
      ),
    );
  const stream = () => sut.store.readStream(`organization-${organizationId}`);

  it('stores the invitee email as personal data of the invitation, and the invitee joins with the token', async () => {
    const invitation = await invite();
    expect(invitation).toEqual({
      organizationId,
      invitationId: expect.any(String),
      expiresAt: '2025-03-08T10:00:00.000Z',
      revision: 2,
    });
    const [invited] = (await stream()).slice(-1);
    expect(invited.personalFields).toEqual([{ path: 'email', subjectId: invitation.invitationId }]);
    expect(invited.metadata.subjectIds).toEqual([invitation.invitationId]);
    expect(JSON.stringify(invited.data)).not.toContain(token);

    await sut.bus.execute(
      new AcceptInvitationCommand(
        organizationId,
        invitation.invitationId,
        token,
        userRequest('user-cleo', organizationId),
      ),
    );
    const [, added] = (await stream()).slice(-2);
    expect(added).toMatchObject({
      type: 'organization.memberAdded',
      data: { userId: 'user-cleo', role: 'editor' },
    });
  });

  it('refuses a wrong token or an expired invitation and appends nothing', async () => {
    const { invitationId } = await invite();
    const accept = (withToken: string) =>
      sut.bus.execute(
        new AcceptInvitationCommand(
          organizationId,
          invitationId,
          withToken,
          userRequest('user-cleo', organizationId),
        ),
      );

    await expect(accept('tok_guess')).rejects.toMatchObject({ code: 'ORGANIZATION.INVITATION_INVALID' });
    sut.clock.advance(7 * 24 * 60 * 60 * 1000);
    await expect(accept(token)).rejects.toMatchObject({ code: 'ORGANIZATION.INVITATION_EXPIRED' });
    expect(await stream()).toHaveLength(3);
  });

  it('hides the organization from a request made in another tenant', async () => {
    await expect(
      sut.bus.execute(
        new InviteMemberCommand(
          organizationId,
          'x@example.com',
          'viewer',
          hashInvitationToken(token),
          userRequest('user-ada', 'org-other'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stream()).toHaveLength(2);
  });

  it('stops at the free plan member limit, invitations included', async () => {
    await invite('b@example.com');
    await invite('c@example.com');
    await expect(invite('d@example.com')).rejects.toMatchObject({
      code: 'ORGANIZATION.MEMBER_LIMIT_REACHED',
    });
    expect(await stream()).toHaveLength(4);
  });
});
