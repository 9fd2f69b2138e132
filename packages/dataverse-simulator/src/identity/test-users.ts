import { randomUUID } from 'node:crypto';

/** A person who can sign in to an app through the simulated Entra ID. */
export interface TestUser {
  /** The sign-in name (`preferred_username`), also what `login_hint` names. */
  username: string;
  /** The display name (`name`). */
  name: string;
  /** App roles assigned to the user, as the `roles` claim carries them. @defaultValue none */
  roles?: readonly string[];
  /** Group object ids the user belongs to, as the `groups` claim carries them. @defaultValue none */
  groups?: readonly string[];
  /** The user's object id (`oid`). @defaultValue a random GUID */
  objectId?: string;
}

/** A test user as the simulator holds it: every field filled in. */
export interface KnownUser {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly objectId: string;
}

/**
 * The people a test signs in as unless told otherwise: one per Leadbridge admin role, and one
 * assigned none, who must be refused.
 */
export const DEFAULT_TEST_USERS: readonly TestUser[] = [
  { username: 'operator@leadbridge.test', name: 'Olga Operator', roles: ['Leadbridge.Operator'] },
  { username: 'viewer@leadbridge.test', name: 'Victor Viewer', roles: ['Leadbridge.Viewer'] },
  { username: 'nobody@leadbridge.test', name: 'Nora Norole' },
];

/** The users, each with an object id, found by user name without regard to case. */
export class TestUsers {
  private readonly users: readonly KnownUser[];

  constructor(users: readonly TestUser[] = DEFAULT_TEST_USERS) {
    this.users = users.map((user) => ({
      username: user.username,
      name: user.name,
      roles: [...(user.roles ?? [])],
      groups: [...(user.groups ?? [])],
      objectId: (user.objectId ?? randomUUID()).toLowerCase(),
    }));
  }

  all(): readonly KnownUser[] {
    return this.users;
  }

  find(username: string): KnownUser | undefined {
    const wanted = username.toLowerCase();
    return this.users.find((user) => user.username.toLowerCase() === wanted);
  }
}
