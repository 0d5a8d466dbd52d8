import type { HeraldApi } from './herald-api';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { userId } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { access { token } } }`;
const CREATE_ORG = `mutation ($name: String!, $timeZone: String!) {
  createOrganization(input: { name: $name, timeZone: $timeZone }) { organizationId access { token } }
}`;
const INVITE = `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { invitationId invitationToken } }`;
const ACCEPT = `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { access { token } } }`;

export interface Person {
  readonly userId: string;
  readonly token: string;
  readonly email: string;
}

export interface Member {
  readonly userId: string;
  readonly token: string;
  readonly organizationId: string;
}

export interface MemberOptions {
  /** A fresh e-mail address per call: every spec registers its own people on a shared API. */
  readonly email: (name: string) => string;
  /** The time zone of the organizations `organization` creates. */
  readonly timeZone: string;
}

export interface Members {
  /** Registers someone and logs them in. */
  person(name: string): Promise<Person>;
  /** A new organization, with the token of its admin (its creator). */
  organization(name: string): Promise<Member>;
  /** A new person invited into `org` with `role`, who accepted. */
  join(org: Member, name: string, role: string): Promise<Member>;
}

/**
 * People and organizations set up through the public GraphQL API, as a client would. `api` is
 * read at each call, so a spec can build these at describe time and boot the API in beforeAll.
 */
export function members(api: () => HeraldApi, options: MemberOptions): Members {
  async function person(name: string): Promise<Person> {
    const input = { email: options.email(name), password: 'correct horse battery staple', name };
    const registered = await api().call<{ register: { userId: string } }>(REGISTER, { input });
    expect(registered.errors).toBeUndefined();
    const login = await api().call<{ login: { access: { token: string } } }>(LOGIN, {
      input: { email: input.email, password: input.password },
    });
    return {
      userId: registered.data?.register.userId ?? '',
      token: login.data?.login.access.token ?? '',
      email: input.email,
    };
  }

  async function organization(name: string): Promise<Member> {
    const admin = await person(name);
    const created = await api().call<{
      createOrganization: { organizationId: string; access: { token: string } };
    }>(CREATE_ORG, { name: `${name} Co`, timeZone: options.timeZone }, admin.token);
    expect(created.errors).toBeUndefined();
    return {
      userId: admin.userId,
      token: created.data?.createOrganization.access.token ?? '',
      organizationId: created.data?.createOrganization.organizationId ?? '',
    };
  }

  async function join(org: Member, name: string, role: string): Promise<Member> {
    const invited = await person(name);
    const invitation = await api().call<{ inviteMember: { invitationId: string; invitationToken: string } }>(
      INVITE,
      { input: { organizationId: org.organizationId, email: invited.email, role } },
      org.token,
    );
    expect(invitation.errors).toBeUndefined();
    const joined = await api().call<{ acceptInvitation: { access: { token: string } } }>(
      ACCEPT,
      {
        input: {
          organizationId: org.organizationId,
          invitationId: invitation.data?.inviteMember.invitationId,
          token: invitation.data?.inviteMember.invitationToken,
        },
      },
      invited.token,
    );
    expect(joined.errors).toBeUndefined();
    return {
      userId: invited.userId,
      token: joined.data?.acceptInvitation.access.token ?? '',
      organizationId: org.organizationId,
    };
  }

  return { person, organization, join };
}
