import { ConfigError, type EnvReader } from '@leadbridge/service-kit';
import { loadTlsFiles, type TlsFiles } from './tls-files';

/**
 * TLS_CERT_FILE and TLS_KEY_FILE: both, or neither (plain HTTP, for a proxy that terminates TLS).
 * Both set, the files must hold a certificate and its key now; a ConfigError names the variable
 * otherwise.
 */
export function readTlsConfig(read: EnvReader): TlsFiles | undefined {
  const certFile = read.raw('TLS_CERT_FILE');
  const keyFile = read.raw('TLS_KEY_FILE');
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (keyFile === undefined) {
    throw new ConfigError(
      'TLS_KEY_FILE',
      "is required with TLS_CERT_FILE: the PEM file of the certificate's private key",
    );
  }
  if (certFile === undefined) {
    throw new ConfigError(
      'TLS_CERT_FILE',
      'is required with TLS_KEY_FILE: the PEM file of the certificate (with its chain)',
    );
  }
  const config = Object.freeze({ certFile, keyFile });
  const loaded = loadTlsFiles(config);
  if (!loaded.ok) throw new ConfigError(loaded.variable, loaded.problem);
  return config;
}
