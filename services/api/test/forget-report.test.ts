import { randomUUID } from 'node:crypto';
import type { ForgottenJob } from '../src/forget/forget-jobs';
import { erasureReport } from '../src/forget/forget-report';

function reportFor(removed: ForgottenJob[]) {
  return erasureReport({
    jobs: { removed, busy: [] },
    indexIds: [],
    ledgerIds: [],
    spool: { exists: false, lines: 0, leadIds: [], files: 0, busy: [] },
    spoolDir: '/var/lib/leadbridge/spool',
  });
}

describe('npm run forget, for a lead posted to a chat channel', () => {
  it('says which message to delete in the channel when it showed personal data', () => {
    const leadId = randomUUID();

    const { text } = reportFor([
      {
        queue: 'leadbridge-to-sales-teams',
        leadId,
        state: 'completed',
        destination: 'sales-teams',
        result: { outcome: 'sent', format: 'teams', personalData: ['name', 'company'] },
      },
    ]);

    expect(text).toContain(
      `Erase what Leadbridge delivered, where it went:\n  Teams channel, destination sales-teams: the message about lead ${leadId} shows name, company; delete it in the channel\n`,
    );
  });

  it('asks nothing of a message that showed no personal data', () => {
    const { text } = reportFor([
      {
        queue: 'leadbridge-to-sales-slack',
        leadId: randomUUID(),
        state: 'completed',
        destination: 'sales-slack',
        result: { outcome: 'sent', format: 'slack' },
      },
    ]);

    expect(text).not.toContain('Erase what Leadbridge delivered');
  });
});
