import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import type { Simulator } from '../src';
import { runCertificateCli } from '../src/certificate-cli';
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

  test('in a container network it listens on SIMULATOR_HOST and names itself SIMULATOR_PUBLIC_URL', async () => {
    const output = capture();

    const sim = await runSimulatorCli(
      {
        SIMULATOR_PORT: '0',
        SIMULATOR_CERT_DIR: certDir,
        SIMULATOR_HOST: '0.0.0.0',
        SIMULATOR_HOSTNAMES: 'simulator',
        SIMULATOR_PUBLIC_URL: 'https://simulator:8443',
      },
      output,
    );
    running.push(sim);
    const agent = new Agent({ ca: sim.caCertPem });
    const stats = await axios.get(`https://127.0.0.1:${sim.port}/_simulator/stats`, {
      httpsAgent: agent,
      proxy: false,
    });
    agent.destroy();

    expect(output.envLines).toContain('DATAVERSE_URL=https://simulator:8443');
    expect(output.envLines).toContain('AZURE_AUTHORITY_HOST=https://simulator:8443');
    expect(new X509Certificate(sim.caCertPem).checkHost('simulator')).toBe('simulator');
    expect(stats.status).toBe(200);
  });

  test('a kept certificate that lacks a name now asked for is replaced', async () => {
    const first = await runSimulatorCli(
      { SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir },
      capture(),
    );
    await first.close();

    const second = await runSimulatorCli(
      { SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir, SIMULATOR_HOSTNAMES: 'simulator' },
      capture(),
    );
    running.push(second);

    expect(second.caCertPem).not.toBe(first.caCertPem);
    expect(new X509Certificate(second.caCertPem).checkHost('simulator')).toBe('simulator');
  });

  test('the certificate command writes, before the simulator starts, the certificate it then serves', async () => {
    const env = {
      SIMULATOR_PORT: '0',
      SIMULATOR_CERT_DIR: certDir,
      SIMULATOR_HOSTNAMES: 'simulator',
    };

    const path = await runCertificateCli(env);
    const written = await readFile(path, 'utf8');
    const sim = await runSimulatorCli(env, capture());
    running.push(sim);

    expect(path).toBe(join(certDir, 'simulator-cert.pem'));
    expect(sim.caCertPem).toBe(written);
    expect(new X509Certificate(written).checkHost('simulator')).toBe('simulator');
  });

  test('a bad SIMULATOR_PUBLIC_URL or SIMULATOR_HOSTNAMES stops it with a message naming the variable', async () => {
    const base = { SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir };

    await expect(
      runSimulatorCli({ ...base, SIMULATOR_PUBLIC_URL: 'simulator:8443' }, capture()),
    ).rejects.toThrow('SIMULATOR_PUBLIC_URL must be an https origin');
    await expect(
      runSimulatorCli({ ...base, SIMULATOR_HOSTNAMES: 'simulator, bad name' }, capture()),
    ).rejects.toThrow('SIMULATOR_HOSTNAMES must list host names or IP addresses, got "bad name"');
  });
});
