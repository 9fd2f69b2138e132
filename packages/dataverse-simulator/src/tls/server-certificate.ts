import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** A TLS key pair in PEM. */
export interface TlsKeyPair {
  keyPem: string;
  certPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A subjectAltName entry: IP addresses and DNS names are different kinds of name. */
function altName(name: string): { type: 2; value: string } | { type: 7; ip: string } {
  return isIP(name) ? { type: 7, ip: name } : { type: 2, value: name };
}

/**
 * A self-signed certificate for 127.0.0.1, localhost and `extraNames` (host names or IP
 * addresses other clients reach the simulator by, e.g. `simulator` in a container network).
 * Clients trust it by taking it as their CA (`ca:` or NODE_EXTRA_CA_CERTS). An EC key: generating
 * one takes a few milliseconds, an RSA key a few hundred, and the tests start many simulators.
 */
export async function generateServerCertificate(
  validDays = 365,
  extraNames: readonly string[] = [],
): Promise<TlsKeyPair> {
  const notBeforeDate = new Date(Date.now() - 60_000); // a minute of slack for clock skew
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + validDays * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
          ...extraNames.map(altName),
        ],
      },
    ],
  });
  return { keyPem: pems.private, certPem: pems.cert };
}

/**
 * True when the certificate covers 127.0.0.1 and every one of `extraNames`, and stays valid for
 * at least `days` more days.
 */
export function certificateUsable(
  certPem: string,
  days: number,
  extraNames: readonly string[] = [],
): boolean {
  try {
    const certificate = new X509Certificate(certPem);
    const validTo = Date.parse(certificate.validTo);
    const covers = (name: string) =>
      (isIP(name) ? certificate.checkIP(name) : certificate.checkHost(name)) !== undefined;
    return ['127.0.0.1', ...extraNames].every(covers) && validTo > Date.now() + days * DAY_MS;
  } catch {
    return false;
  }
}
