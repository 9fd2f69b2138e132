import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A private CA and a server certificate it signed, as PEM files in one directory. */
export interface TestCertificates {
  /** The CA's certificate: what a client trusts (REDIS_TLS_CA_FILE). */
  caFile: string;
  /** The server's certificate, for `names` only. */
  certFile: string;
  keyFile: string;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  await run('openssl', args, { cwd: dir }).catch((error: Error) => {
    throw new Error(`openssl ${args[0] ?? ''} failed (is openssl installed?): ${error.message}`);
  });
}

/**
 * Makes a CA and a server certificate it signs for `names` (DNS names), valid two days, with the
 * openssl command line, in `dir`. The certificate names no IP address, so a client that connects
 * by one (127.0.0.1) is refused: the name check is what a test can see fail.
 */
export async function createTestCertificates(
  dir: string,
  names: readonly string[] = ['localhost'],
): Promise<TestCertificates> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(dir, [
    ...['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2'],
    ...['-subj', '/CN=Leadbridge test CA'],
  ]);
  await openssl(dir, [
    ...['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr'],
    ...['-subj', `/CN=${names[0] ?? 'localhost'}`],
  ]);
  await writeFile(
    join(dir, 'server.ext'),
    [
      `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}`,
      'basicConstraints=CA:FALSE',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await openssl(dir, [
    ...['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key'],
    ...['-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext'],
  ]);
  return {
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
  };
}
