import { join } from 'node:path';
import { certDirFrom, hostnamesFrom } from './simulator-cli';
import { CERT_FILE, keyPairIn } from './tls/certificate-files';

/**
 * Writes the simulator's key pair to SIMULATOR_CERT_DIR, for SIMULATOR_HOSTNAMES, and returns
 * the certificate's path; a pair still good is kept. The simulator CLI then serves that pair.
 *
 * Node reads NODE_EXTRA_CA_CERTS once, when a process starts, so a client started alongside the
 * simulator (docker compose) needs the certificate on disk before either of them starts.
 */
export async function runCertificateCli(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = certDirFrom(env);
  await keyPairIn(dir, hostnamesFrom(env));
  return join(dir, CERT_FILE);
}

if (require.main === module) {
  runCertificateCli().then(
    (path) => console.log(`NODE_EXTRA_CA_CERTS=${path}`),
    (error: unknown) => {
      console.error(
        `simulator certificate: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
