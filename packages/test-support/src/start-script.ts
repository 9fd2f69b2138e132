import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The node arguments of a service's `start` script (its flags, then the built entry point with
 * an absolute path), so a test runs exactly what `npm start -w …` and the container run.
 */
export function startScriptArgs(workspaceDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(workspaceDir, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const [command, ...args] = (manifest.scripts?.start ?? '').trim().split(/\s+/);
  if (command !== 'node') {
    throw new Error(`${workspaceDir}: the start script must be "node …"`);
  }
  return args.map((arg) => (arg.endsWith('.js') ? join(workspaceDir, arg) : arg));
}
