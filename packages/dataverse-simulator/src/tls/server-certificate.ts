import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A TLS key pair in PEM. */
export interface TlsKeyPair {
  keyPem: string;
  certPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A self-signed certificate for 127.0.0.1 and localhost. Clients trust it by taking it as their
 * CA (`ca:` or NODE_EXTRA_CA_CERTS). An EC key: generating one takes a few milliseconds, an RSA
 * key a few hundred, and the tests start many simulators.
 */
export async function generateServerCertificate(validDays = 365): Promise<TlsKeyPair> {
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
        ],
      },
    ],
  });
  return { keyPem: pems.private, certPem: pems.cert };
}

/** True when the certificate covers 127.0.0.1 and stays valid for at least `days` more days. */
export function certificateUsable(certPem: string, days: number): boolean {
  try {
    const certificate = new X509Certificate(certPem);
    const validTo = Date.parse(certificate.validTo);
    return certificate.checkIP('127.0.0.1') !== undefined && validTo > Date.now() + days * DAY_MS;
  } catch {
    return false;
  }
}
