import { isUuidV7 } from '@herald/shared-kernel';
import {
  startOrganizations,
  type OrganizationsHarness,
  userRequest,
} from '../../../../test/organizations-harness';
import { CreateOrganizationCommand } from './create-organization.command';

describe(CreateOrganizationCommand.name, () => {
  let sut: OrganizationsHarness;
  beforeEach(async () => {
    sut = await startOrganizations();
  });
  afterEach(() => sut.close());

  it('creates the organization in its own tenant, with the creator as admin', async () => {
    const result = await sut.bus.execute(
      new CreateOrganizationCommand('Acme', 'Europe/Paris', userRequest('user-ada', null)),
    );

    expect(isUuidV7(result.organizationId)).toBe(true);
    expect(result.revision).toBe(1);
    const events = await sut.store.readStream(`organization-${result.organizationId}`);
    expect(events.map((event) => event.type)).toEqual(['organization.created', 'organization.memberAdded']);
    expect(events[0].data).toMatchObject({
      name: 'Acme',
      plan: 'free',
      createdBy: 'user-ada',
      settings: { timeZone: 'Europe/Paris' },
    });
    expect(events[1].data).toMatchObject({ userId: 'user-ada', role: 'admin' });
    for (const event of events) {
      expect(event.metadata).toMatchObject({
        tenantId: result.organizationId,
        actor: { kind: 'user', id: 'user-ada' },
        correlationId: 'corr-user-ada',
        requestId: 'req-user-ada',
      });
    }
  });

  it('creates one organization for a retried request with the same idempotency key', async () => {
    const command = () =>
      new CreateOrganizationCommand(
        'Acme',
        'Europe/Paris',
        userRequest('user-ada', null, { idempotencyKey: 'signup-1' }),
      );
    const first = await sut.bus.execute(command());
    sut.clock.advance(30_000);
    const again = await sut.bus.execute(command());

    expect(again).toEqual(first);
    expect(await sut.store.readAll()).toHaveLength(2);
  });

  it('rejects an invalid time zone and stores nothing', async () => {
    await expect(
      sut.bus.execute(
        new CreateOrganizationCommand('Acme', 'Europe/Atlantis', userRequest('user-ada', null)),
      ),
    ).rejects.toMatchObject({ code: 'ORGANIZATION.TIME_ZONE_INVALID' });
    expect(await sut.store.headPosition()).toBe(0);
  });
});
