import { X509Certificate } from 'node:crypto';
import { Agent } from 'node:https';
import axios from 'axios';
import { startSimulator, type Simulator } from '../src';
import { freePort } from './support/free-port';
import { startHarness, type Harness } from './support/harness';

// What a container network needs: the simulator listens beyond 127.0.0.1, its certificate names
// the host other containers use, and it names itself by that host wherever a client checks.
describe('a simulator reached by another name than 127.0.0.1', () => {
  const running: Array<Harness | Simulator> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((item) => item.close()));
  });

  test('with publicUrl https://localhost:<port>, msal signs in through localhost and every self-reference names it', async () => {
    const port = await freePort();
    const harness = await startHarness({ port, publicUrl: `https://localhost:${port}` });
    running.push(harness);
    const { sim, origin, dataverse } = harness;

    const discovery = await origin.get(`/${sim.tenantId}/v2.0/.well-known/openid-configuration`);
    const whoAmI = await dataverse.get('WhoAmI', { headers: await harness.headers() });

    expect(sim.url).toBe(`https://localhost:${port}`);
    expect(sim.env()).toMatchObject({ DATAVERSE_URL: sim.url, AZURE_AUTHORITY_HOST: sim.url });
    expect(discovery.data).toMatchObject({
      issuer: `https://localhost:${port}/${sim.tenantId}/v2.0`,
      token_endpoint: `https://localhost:${port}/${sim.tenantId}/oauth2/v2.0/token`,
    });
    expect(whoAmI.status).toBe(200);
    expect(whoAmI.data['@odata.context']).toMatch(new RegExp(`^https://localhost:${port}/`));
  });

  test('hostnames are added to the certificate besides 127.0.0.1 and localhost', async () => {
    const sim = await startSimulator({ hostnames: ['simulator', '10.1.2.3'] });
    running.push(sim);

    const certificate = new X509Certificate(sim.caCertPem);

    expect(certificate.subjectAltName?.split(', ')).toEqual(
      expect.arrayContaining([
        'IP Address:127.0.0.1',
        'DNS:localhost',
        'DNS:simulator',
        'IP Address:10.1.2.3',
      ]),
    );
    expect(certificate.checkHost('simulator')).toBe('simulator');
  });

  // Linux routes all of 127.0.0.0/8 to the loopback interface, so 127.0.0.2 is a second address.
  test('host is the only address it listens on', async () => {
    const port = await freePort('127.0.0.2');
    const sim = await startSimulator({
      host: '127.0.0.2',
      port,
      hostnames: ['127.0.0.2'],
      publicUrl: `https://127.0.0.2:${port}`,
    });
    running.push(sim);
    const agent = new Agent({ ca: sim.caCertPem });
    const get = (host: string) =>
      axios.get(`https://${host}:${port}/_simulator/stats`, { httpsAgent: agent, proxy: false });

    const there = await get('127.0.0.2');
    const elsewhere = get('127.0.0.1');

    expect(there.status).toBe(200);
    await expect(elsewhere).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  test('a publicUrl that is not an https origin is refused before anything listens', async () => {
    await expect(startSimulator({ publicUrl: 'https://simulator:8443/org' })).rejects.toThrow(
      'publicUrl must be an https origin',
    );
    await expect(startSimulator({ publicUrl: 'http://simulator:8443' })).rejects.toThrow(
      'publicUrl must be an https origin',
    );
  });
});
