import { watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'node:https';
import type { Logger } from '@leadbridge/service-kit';
import { loadTlsFiles, type TlsFiles, type TlsPair } from './tls-files';

export interface CertificateReloadOptions {
  /**
   * How long the files must be left alone before they are read: a renewal writes the certificate
   * and the key one after the other. @defaultValue 500
   */
  settleMs?: number;
  /**
   * How often the files are also compared by their stat, for file systems that send no change
   * events (network mounts). @defaultValue 60_000
   */
  pollMs?: number;
}

function samePair(a: TlsPair, b: TlsPair): boolean {
  return a.cert.equals(b.cert) && a.key.equals(b.key);
}

/**
 * Serves the certificate and key anew once their files change: watching their directories (a
 * renewal usually replaces a file or a symbolic link, which a watch on the file itself misses)
 * and polling their stat as well. New connections get the new certificate; connections already
 * open keep theirs and are not dropped. A pair that does not load (a key not yet written, a
 * file half-copied) is logged and the one in use stays. Returns a function that stops watching.
 */
export function reloadCertificateOnChange(
  server: Server,
  files: TlsFiles,
  served: TlsPair,
  logger: Logger,
  options: CertificateReloadOptions = {},
): () => void {
  const settleMs = options.settleMs ?? 500;
  const pollMs = options.pollMs ?? 60_000;
  let current = served;
  let timer: NodeJS.Timeout | undefined;

  function reload(): void {
    timer = undefined;
    const loaded = loadTlsFiles(files);
    if (!loaded.ok) {
      logger.warn('TLS certificate not reloaded: still serving the previous one', {
        variable: loaded.variable,
        problem: loaded.problem,
      });
      return;
    }
    if (samePair(loaded.pair, current)) return;
    server.setSecureContext(loaded.options);
    current = loaded.pair;
    logger.info('TLS certificate reloaded', {
      fingerprint: current.fingerprint,
      validTo: current.validTo,
    });
  }

  function changed(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, settleMs);
    timer.unref();
  }

  const watchers: FSWatcher[] = [];
  for (const dir of new Set([dirname(files.certFile), dirname(files.keyFile)])) {
    try {
      const watcher = watch(dir, { persistent: false }, changed);
      watcher.on('error', (error) =>
        logger.warn('TLS certificate directory not watched', { error }),
      );
      watchers.push(watcher);
    } catch (error) {
      // Polling still notices the change, later.
      logger.warn('TLS certificate directory not watched', { error });
    }
  }
  for (const file of [files.certFile, files.keyFile]) {
    watchFile(file, { interval: pollMs, persistent: false }, changed);
  }

  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    for (const file of [files.certFile, files.keyFile]) unwatchFile(file, changed);
  };
}
