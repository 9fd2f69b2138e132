import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

/** Where the public port's certificate and key are (TLS_CERT_FILE, TLS_KEY_FILE). */
export interface TlsFiles {
  /** PEM certificate, the chain after it (what Let's Encrypt calls fullchain.pem). */
  readonly certFile: string;
  /** PEM private key of that certificate. */
  readonly keyFile: string;
}

/** A certificate and key read from their files, checked to belong together. */
export interface TlsPair {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 fingerprint of the certificate, to log which one is served. */
  readonly fingerprint: string;
  /** When the certificate expires, as the certificate says it. */
  readonly validTo: string;
}

export type TlsLoad =
  | { ok: true; pair: TlsPair; options: SecureContextOptions }
  | { ok: false; variable: 'TLS_CERT_FILE' | 'TLS_KEY_FILE'; problem: string };

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/**
 * Reads the certificate and key files and checks them as TLS would use them: a certificate that
 * parses, and a key that is its private key. Never throws: a renewal caught between writing the
 * certificate and the key is a mismatch for a moment, and the caller keeps the pair it has.
 */
export function loadTlsFiles(files: TlsFiles): TlsLoad {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(files.certFile);
  } catch (error) {
    return { ok: false, variable: 'TLS_CERT_FILE', problem: `cannot be read (${reason(error)})` };
  }
  try {
    key = readFileSync(files.keyFile);
  } catch (error) {
    return { ok: false, variable: 'TLS_KEY_FILE', problem: `cannot be read (${reason(error)})` };
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return { ok: false, variable: 'TLS_CERT_FILE', problem: 'holds no PEM certificate' };
  }
  const options: SecureContextOptions = { cert, key };
  try {
    createSecureContext(options);
  } catch (error) {
    return {
      ok: false,
      variable: 'TLS_KEY_FILE',
      problem: `is not the private key of the certificate in TLS_CERT_FILE (${reason(error)})`,
    };
  }
  return {
    ok: true,
    pair: { cert, key, fingerprint: certificate.fingerprint256, validTo: certificate.validTo },
    options,
  };
}
