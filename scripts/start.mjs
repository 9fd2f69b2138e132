// Starts every Leadbridge service from its build, with the environment as given (and .env).
// `npm start` at the root runs this after building. Each service can also be started alone
// with `npm start -w services/<name>`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));

const services = ['services/api', 'services/worker'].filter((dir) =>
  existsSync(join(root, dir, 'dist', 'main.js')),
);

const children = services.map((dir) => {
  const child = spawn(process.execPath, [join(root, dir, 'dist', 'main.js')], {
    cwd: join(root, dir),
    env: process.env,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    console.error(`${dir} exited (${signal ?? code}); stopping the others`);
    stopAll(code ?? 1);
  });
  return child;
});

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve))),
    ),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
