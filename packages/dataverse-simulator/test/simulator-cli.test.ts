import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../src';
import { runSimulatorCli, type CliOutput } from '../src/simulator-cli';

function capture(): CliOutput & { envLines: string[]; humanLines: string[] } {
  const envLines: string[] = [];
  const humanLines: string[] = [];
  return {
    envLines,
    humanLines,
    env: (line) => envLines.push(line),
    human: (line) => humanLines.push(line),
  };
}

describe('the simulator CLI', () => {
  let certDir: string;
  const running: Simulator[] = [];
  beforeEach(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'simulator-cli-test-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
    await rm(certDir, { recursive: true, force: true });
  });

  test('prints the worker environment as KEY=value lines and one line for a person', async () => {
    const output = capture();

    const sim = await runSimulatorCli({ SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir }, output);
    running.push(sim);

    const env = Object.fromEntries(output.envLines.map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(Object.keys(env)).toEqual([
      'DATAVERSE_URL',
      'AZURE_AUTHORITY_HOST',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'NODE_EXTRA_CA_CERTS',
    ]);
    expect(env.DATAVERSE_URL).toBe(sim.url);
    expect(env.NODE_EXTRA_CA_CERTS).toBe(join(certDir, 'simulator-cert.pem'));
    expect(await readFile(join(certDir, 'simulator-cert.pem'), 'utf8')).toBe(sim.caCertPem);
    expect(output.humanLines).toHaveLength(1);
  });

  test('a restart keeps the certificate, so running clients keep trusting it', async () => {
    const env = { SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir };
    const first = await runSimulatorCli(env, capture());
    await first.close();

    const second = await runSimulatorCli(env, capture());
    running.push(second);

    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.clientSecret).toBe(first.clientSecret);
  });

  test('a port that is not a number stops it with a message naming the variable', async () => {
    await expect(
      runSimulatorCli({ SIMULATOR_PORT: 'https', SIMULATOR_CERT_DIR: certDir }, capture()),
    ).rejects.toThrow('SIMULATOR_PORT must be a port number');
  });
});
