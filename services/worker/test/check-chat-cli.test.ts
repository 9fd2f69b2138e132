import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testRedisUrl } from '@leadbridge/test-support';
import { runCli, type CliRun } from './run-cli';

// The built check, as `npm run check` starts it (build first: `npx tsc -p tsconfig.build.json`).
const CHECK_CLI = join(__dirname, '..', 'dist', 'check-cli.js');

jest.setTimeout(20_000);

const TOKEN = `tok${randomUUID().replace(/-/g, '')}`;
const TEAMS_URL = `https://prod-12.westeurope.logic.azure.com:443/workflows/${TOKEN}/triggers/manual/paths/invoke?sig=${TOKEN}`;
const SLACK_URL = `https://hooks.slack.com/services/T0001/B0002/${TOKEN}`;

let workDir: string;
let configPath: string;

beforeAll(async () => {
  // A working directory without a .env, so only the environment given here counts.
  workDir = await mkdtemp(join(tmpdir(), 'leadbridge-check-chat-'));
  configPath = join(workDir, 'leadbridge.config.yaml');
  await writeFile(
    configPath,
    [
      'destinations:',
      '  - name: sales-teams',
      '    type: chat',
      '    format: teams',
      '    urlEnv: SALES_TEAMS_WEBHOOK_URL',
      '  - name: sales-slack',
      '    type: chat',
      '    format: slack',
      '    urlEnv: SALES_SLACK_WEBHOOK_URL',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function runCheckCli(env: Record<string, string>): Promise<CliRun> {
  // The check reports on the Redis holding the leads too: the test's own, never the user's.
  return runCli(CHECK_CLI, [], {
    cwd: workDir,
    env: { LEADBRIDGE_CONFIG: configPath, REDIS_URL: testRedisUrl(), ...env },
  });
}

describe('npm run check with chat destinations', () => {
  it("passes when each variable holds an https URL on its format's host, posting nothing and showing no secret", async () => {
    const run = await runCheckCli({
      SALES_TEAMS_WEBHOOK_URL: TEAMS_URL,
      SALES_SLACK_WEBHOOK_URL: SLACK_URL,
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 14)).toEqual([
      'Chat destination sales-teams (teams)',
      '✓ Variable         SALES_TEAMS_WEBHOOK_URL is set',
      '✓ URL              https://prod-12.westeurope.logic.azure.com/… (the rest is the secret, not shown)',
      '✓ Host             prod-12.westeurope.logic.azure.com: a Teams Workflows webhook host',
      '- Posting          not tried: the check posts nothing to the channel',
      'All checks passed; the first lead shows whether the channel takes it.',
      '',
      'Chat destination sales-slack (slack)',
      '✓ Variable         SALES_SLACK_WEBHOOK_URL is set',
      '✓ URL              https://hooks.slack.com/… (the rest is the secret, not shown)',
      '✓ Host             hooks.slack.com: a Slack incoming webhook host',
      '- Posting          not tried: the check posts nothing to the channel',
      'All checks passed; the first lead shows whether the channel takes it.',
      '',
    ]);
    // Then the Redis that holds the leads.
    expect(lines[14]).toBe('Leadbridge Redis check');
  });

  it('fails on a missing variable, a plain http URL and a Slack URL given to a Teams destination, never printing a URL', async () => {
    const missing = await runCheckCli({ SALES_SLACK_WEBHOOK_URL: SLACK_URL });
    const http = await runCheckCli({
      SALES_TEAMS_WEBHOOK_URL: TEAMS_URL.replace('https:', 'http:'),
      SALES_SLACK_WEBHOOK_URL: SLACK_URL,
    });
    const swapped = await runCheckCli({
      SALES_TEAMS_WEBHOOK_URL: SLACK_URL,
      SALES_SLACK_WEBHOOK_URL: SLACK_URL,
    });

    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('✗ Variable         SALES_TEAMS_WEBHOOK_URL is not set\n');
    expect(http.code).toBe(1);
    expect(http.stdout).toContain(
      '✗ URL              SALES_TEAMS_WEBHOOK_URL must be an https:// URL\n',
    );
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toContain(
      "✗ Host             hooks.slack.com serves Slack incoming webhooks, but format is teams: set format: slack, or put the Teams Workflows webhook's URL in the variable\n",
    );
    for (const run of [missing, http, swapped]) {
      expect(run.stdout).toContain('1 check failed.');
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    }
  });

  it('warns of, but passes, a host no Teams webhook is known on', async () => {
    const run = await runCheckCli({
      SALES_TEAMS_WEBHOOK_URL: `https://relay.contoso.example/teams/${TOKEN}`,
      SALES_SLACK_WEBHOOK_URL: SLACK_URL,
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '! Host             relay.contoso.example is not a host Teams Workflows webhooks are known on: fine for a relay, otherwise check the URL\n',
    );
  });
});
