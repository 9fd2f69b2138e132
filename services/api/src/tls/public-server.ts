import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { ConfigError, type Logger } from '@leadbridge/service-kit';
import type { Express } from 'express';
import { reloadCertificateOnChange, type CertificateReloadOptions } from './certificate-reload';
import { loadTlsFiles, type TlsFiles } from './tls-files';

/** The public port's server: HTTPS with its certificate kept current, or plain HTTP. */
export interface PublicServer {
  readonly server: Server;
  /** For the start-up log: `https` with the certificate's fingerprint and expiry, or `http`. */
  readonly describe: Record<string, string>;
  /** Stops watching the certificate files. */
  stopReloading(): void;
}

/**
 * The server for the ingest app: with `tls`, HTTPS from the certificate and key files, served
 * anew whenever they change (see `reloadCertificateOnChange`); without, plain HTTP for a proxy
 * that terminates TLS in front of it. Throws a ConfigError when the files no longer load.
 */
export function createPublicServer(
  app: Express,
  tls: TlsFiles | undefined,
  logger: Logger,
  reload: CertificateReloadOptions = {},
): PublicServer {
  if (!tls) {
    return { server: createHttpServer(app), describe: { protocol: 'http' }, stopReloading() {} };
  }
  const loaded = loadTlsFiles(tls);
  if (!loaded.ok) throw new ConfigError(loaded.variable, loaded.problem);
  const server = createHttpsServer(loaded.options, app);
  return {
    server,
    describe: {
      protocol: 'https',
      certificate: loaded.pair.fingerprint,
      validTo: loaded.pair.validTo,
    },
    stopReloading: reloadCertificateOnChange(server, tls, loaded.pair, logger, reload),
  };
}
