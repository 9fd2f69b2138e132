import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { generateServerCertificate, type TlsKeyPair } from '@leadbridge/dataverse-simulator';
import {
  documentedExample,
  freePort,
  startScriptArgs,
  testRedisUrl,
} from '@leadbridge/test-support';
import { readApiConfig } from '../src/config';
import { SECRET } from './harness';

// The built service, started as `npm start -w services/api` starts it.
const START = startScriptArgs(join(__dirname, '..'));

jest.setTimeout(90_000);

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadbridge-tls-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the pair where the API reads it, each file replaced in one step as a renewal does. */
function install(pair: TlsKeyPair, which: 'both' | 'cert' | 'key' = 'both'): void {
  const put = (name: string, text: string) => {
    writeFileSync(join(dir, `${name}.new`), text, { mode: 0o600 });
    renameSync(join(dir, `${name}.new`), join(dir, name));
  };
  if (which !== 'cert') put('key.pem', pair.keyPem);
  if (which !== 'key') put('cert.pem', pair.certPem);
}

const files = () => ({
  TLS_CERT_FILE: join(dir, 'cert.pem'),
  TLS_KEY_FILE: join(dir, 'key.pem'),
});

function fingerprint(pair: TlsKeyPair): string {
  return new X509Certificate(pair.certPem).fingerprint256;
}

/** Starts the API process; resolves with its ports once it listens, and its output so far. */
async function startApi(env: Record<string, string>) {
  const port = await freePort();
  const adminPort = await freePort();
  const child = spawn(process.execPath, START, {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      ADMIN_PASSWORD: 'Tls-admin-0123456789',
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `test-tls-${port}`,
      INGEST_SECRETS: SECRET,
      SPOOL_DIR: join(dir, 'spool'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  await eventually(() => output.text.includes('"message":"admin listening"'));
  return { port, adminPort, output };
}

// Generous: an API process can take many seconds to start on a machine busy with other work.
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The certificate a new TLS connection to the port is served. Looked at, not verified: two
 * self-signed certificates of the same name cannot both be trusted at once.
 */
function servedCertificate(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });
}

/**
 * Starts POSTing the documented lead over HTTPS and sends the first half of its body; `finish`
 * sends the rest and resolves with the status and the certificate of the connection used.
 */
function startLead(port: number, agent: Agent) {
  const body = JSON.stringify(documentedExample);
  let answered: (value: { status: number; certificate: string }) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const answer = new Promise<{ status: number; certificate: string }>((resolve, reject) => {
    answered = resolve;
    failed = reject;
  });
  const req = request(
    {
      host: '127.0.0.1',
      servername: 'localhost',
      port,
      path: `/leads?code=${SECRET}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      agent,
    },
    (res) => {
      const certificate = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
      res.resume();
      res.on('end', () => answered({ status: res.statusCode ?? 0, certificate }));
    },
  );
  req.on('error', failed);
  req.write(body.slice(0, 20));
  return {
    finish() {
      req.end(body.slice(20));
      return answer;
    },
  };
}

/** POSTs the documented lead over HTTPS: the status, and the certificate of the connection. */
function postLead(port: number, agent: Agent) {
  return startLead(port, agent).finish();
}

describe('the API with TLS_CERT_FILE and TLS_KEY_FILE', () => {
  it('takes leads over HTTPS with that certificate, and keeps the admin listener on plain HTTP', async () => {
    const pair = await generateServerCertificate();
    install(pair);

    const { port, adminPort, output } = await startApi(files());
    const agent = new Agent({ ca: [pair.certPem] });
    const answer = await postLead(port, agent);
    const admin = await fetch(`http://127.0.0.1:${adminPort}/queues`);
    agent.destroy();

    expect(answer).toEqual({ status: 202, certificate: fingerprint(pair) });
    expect(admin.status).toBe(401);
    expect(output.text).toContain('"protocol":"https"');
    expect(output.text).toContain(`"certificate":"${fingerprint(pair)}"`);
  });

  it('serves a replaced certificate to new connections, without dropping one already open', async () => {
    const first = await generateServerCertificate();
    const second = await generateServerCertificate();
    install(first);
    const { port, output } = await startApi(files());
    const agent = new Agent({ ca: first.certPem });
    // A lead half-sent on a connection opened before the renewal.
    const during = startLead(port, agent);

    // A renewal caught half-way: the new certificate beside the old key is not served.
    install(second, 'cert');
    await eventually(() => output.text.includes('TLS certificate not reloaded'));
    expect(await servedCertificate(port)).toBe(fingerprint(first));
    install(second, 'key');
    await eventually(async () => (await servedCertificate(port)) === fingerprint(second));
    const renewed = new Agent({ ca: second.certPem });
    const after = await postLead(port, renewed);

    expect(after).toEqual({ status: 202, certificate: fingerprint(second) });
    // The connection opened before goes on, with the certificate it was opened with.
    expect(await during.finish()).toEqual({ status: 202, certificate: fingerprint(first) });
    expect(output.text).toContain('"message":"TLS certificate reloaded"');
    agent.destroy();
    renewed.destroy();
  });
});

describe('TLS_CERT_FILE and TLS_KEY_FILE', () => {
  const base = { INGEST_SECRETS: SECRET };
  const problem = (env: Record<string, string>) => {
    try {
      readApiConfig({ ...base, ...env });
    } catch (error) {
      return (error as Error).message;
    }
    return 'no problem';
  };

  it('are both needed: one alone stops the API naming the other', () => {
    expect(problem({ TLS_CERT_FILE: '/etc/leadbridge/cert.pem' })).toBe(
      "TLS_KEY_FILE is required with TLS_CERT_FILE: the PEM file of the certificate's private key",
    );
    expect(problem({ TLS_KEY_FILE: '/etc/leadbridge/key.pem' })).toBe(
      'TLS_CERT_FILE is required with TLS_KEY_FILE: the PEM file of the certificate (with its chain)',
    );
  });

  it('must name files that hold a certificate and its own key', async () => {
    const pair = await generateServerCertificate();
    const other = await generateServerCertificate();
    install(pair);
    writeFileSync(join(dir, 'other-key.pem'), other.keyPem);
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');

    expect(problem({ ...files(), TLS_CERT_FILE: join(dir, 'missing.pem') })).toBe(
      'TLS_CERT_FILE cannot be read (ENOENT)',
    );
    expect(problem({ ...files(), TLS_CERT_FILE: join(dir, 'not-a-cert.pem') })).toBe(
      'TLS_CERT_FILE holds no PEM certificate',
    );
    expect(problem({ ...files(), TLS_KEY_FILE: join(dir, 'other-key.pem') })).toMatch(
      /^TLS_KEY_FILE is not the private key of the certificate in TLS_CERT_FILE \(/,
    );
    expect(readApiConfig({ ...base, ...files() }).tls).toEqual({
      certFile: join(dir, 'cert.pem'),
      keyFile: join(dir, 'key.pem'),
    });
    expect(readApiConfig(base).tls).toBeUndefined();
  });

  it('with only one set, the API process stops with that one line', async () => {
    const child = spawn(process.execPath, START, {
      env: { PATH: process.env.PATH, ...base, REDIS_URL: testRedisUrl(), TLS_KEY_FILE: 'k.pem' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));

    expect(code).toBe(1);
    expect(stderr).toBe(
      'leadbridge api: configuration error: TLS_CERT_FILE is required with TLS_KEY_FILE: the PEM file of the certificate (with its chain)\n',
    );
  });
});
