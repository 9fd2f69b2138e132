// The node arguments that run a service, read from its workspace's `start` script: the one
// command that the image (`npm start -w …`), `npm start` and the benchmarks all run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `["--max-old-space-size=128", "/abs/services/api/dist/main.js"]` for `services/api`. */
export function serviceNodeArgs(workspaceDir) {
  const manifest = JSON.parse(readFileSync(join(workspaceDir, 'package.json'), 'utf8'));
  const words = manifest.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node') {
    throw new Error(`${workspaceDir}: the start script must be "node …", not "${words.join(' ')}"`);
  }
  return words.slice(1).map((word) => (word.endsWith('.js') ? join(workspaceDir, word) : word));
}
