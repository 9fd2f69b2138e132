import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  certificateUsable,
  generateServerCertificate,
  type TlsKeyPair,
} from './server-certificate';

export const KEY_FILE = 'simulator-key.pem';
export const CERT_FILE = 'simulator-cert.pem';

/**
 * Replaces `path` in one step: a process starting at that moment (one that reads
 * NODE_EXTRA_CA_CERTS, say) sees the old file or the new one, never half of one.
 */
export async function writeFileAtomically(path: string, content: string, mode: number) {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, content, { mode });
  await rename(partial, path);
}

/**
 * The key pair kept in `dir` while it stays valid for another week and names every one of
 * `extraNames`; otherwise a new one, written there. Keeping it lets a restarted simulator keep
 * the trust of clients that loaded its certificate when they started.
 */
export async function keyPairIn(
  dir: string,
  extraNames: readonly string[] = [],
): Promise<TlsKeyPair> {
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const kept = { keyPem: readFileSync(keyPath, 'utf8'), certPem: readFileSync(certPath, 'utf8') };
    if (certificateUsable(kept.certPem, 7, extraNames)) return kept;
  }
  const fresh = await generateServerCertificate(365, extraNames);
  await mkdir(dir, { recursive: true });
  // The key first: whoever finds the certificate can count on its key being there.
  await writeFileAtomically(keyPath, fresh.keyPem, 0o600);
  await writeFileAtomically(certPath, fresh.certPem, 0o644);
  return fresh;
}
