import { randomUUID } from 'node:crypto';
import { sampleLead, startHarness, type Harness } from './support/harness';

interface RolePrivilege {
  PrivilegeName: string;
  Depth: string;
  PrivilegeId: string;
  BusinessUnitId: string;
}

const privilegesOf = (userId: string) =>
  `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`;

describe('RetrieveUserPrivileges', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  async function whoAmI(): Promise<{ UserId: string; BusinessUnitId: string }> {
    const answer = await harness.dataverse.get('WhoAmI', { headers: await harness.headers() });
    return answer.data;
  }

  test('the application user holds create and read on lead, in its business unit', async () => {
    const me = await whoAmI();

    const answer = await harness.dataverse.get(privilegesOf(me.UserId), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(200);
    expect(answer.data['@odata.context']).toMatch(
      /\$metadata#Microsoft\.Dynamics\.CRM\.RetrieveUserPrivilegesResponse$/,
    );
    const privileges = answer.data.RolePrivileges as RolePrivilege[];
    expect(privileges.map((privilege) => privilege.PrivilegeName)).toEqual(
      expect.arrayContaining(['prvCreateLead', 'prvReadLead', 'prvWriteLead']),
    );
    expect(privileges[0]).toEqual({
      PrivilegeName: expect.any(String),
      Depth: 'Global',
      PrivilegeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      BusinessUnitId: me.BusinessUnitId,
    });
  });

  test('under denyPrivilege the write privileges are gone, matching the refused writes', async () => {
    const me = await whoAmI();
    harness.sim.faults.set({ denyPrivilege: true });

    const answer = await harness.dataverse.get(privilegesOf(me.UserId), {
      headers: await harness.headers(),
    });
    const write = await harness.dataverse.post('leads', sampleLead(), {
      headers: await harness.headers(),
    });

    const names = (answer.data.RolePrivileges as RolePrivilege[]).map((p) => p.PrivilegeName);
    expect(names).toContain('prvReadLead');
    expect(names).not.toContain('prvCreateLead');
    expect(names).not.toContain('prvWriteLead');
    expect(write.status).toBe(403);
    expect(write.data.error.code).toBe('0x80040220');
  });

  test('a user id in braces and upper case is the same user', async () => {
    const me = await whoAmI();

    const answer = await harness.dataverse.get(privilegesOf(`{${me.UserId.toUpperCase()}}`), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(200);
  });

  test('another user is not known to the simulator: 404 in the Dataverse error shape', async () => {
    const answer = await harness.dataverse.get(privilegesOf(randomUUID()), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(404);
    expect(answer.data.error.code).toBe('0x80040217');
  });

  test('the gate stands in front of it: an app without an application user gets 403', async () => {
    const me = await whoAmI();
    harness.sim.faults.set({ appUserMissing: true });

    const answer = await harness.dataverse.get(privilegesOf(me.UserId), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(403);
    expect(answer.data.error.code).toBe('0x80072560');
  });
});
