import { createLogger, createWorkerConnection } from '@leadbridge/service-kit';
import { LogCapture } from '@leadbridge/test-support';
import { createLeadActivityWriter } from '../src';
import { activityFixture, aLead, type ActivityFixture } from './activity-fixture';

let fx: ActivityFixture;
beforeEach(() => {
  fx = activityFixture();
});
afterEach(() => fx.close());

const routed = (destinations: string[]) => ({ destinations, reason: 'every lead' });

describe("a lead's state, as the leads list shows it", () => {
  it('is received until routed, and its timeline starts with where it came from', async () => {
    const lead = aLead({
      source: 'csv',
      imported: { file: 'leads.csv', line: 7, createdAt: '2026-11-30T10:00:00.000Z' },
    });
    await fx.writer.received(lead);

    expect(await fx.reader.get(lead.id)).toMatchObject({ state: 'received', source: 'csv' });
    expect(await fx.reader.timeline(lead.id)).toEqual([
      {
        at: lead.receivedAt,
        kind: 'received',
        source: 'csv',
        offer: 'Contoso Analytics',
        actionCode: 'INS',
        imported: { file: 'leads.csv', line: 7, createdAt: '2026-11-30T10:00:00.000Z' },
      },
    ]);
  });

  it('is delivering while any destination is still trying, delivered once all wrote it', async () => {
    const lead = aLead();
    await fx.writer.routed(lead, routed(['crm', 'sales']));
    expect((await fx.reader.get(lead.id))?.state).toBe('delivering');

    await fx.writer.attempt(lead, {
      destination: 'crm',
      attempt: 1,
      outcome: 'delivered',
      recordUrl: 'https://org.example/main.aspx?etn=lead&id=1&pagetype=entityrecord',
    });
    await fx.writer.attempt(lead, {
      destination: 'sales',
      attempt: 1,
      outcome: 'retrying',
      reason: 'temporary failure',
    });
    expect((await fx.reader.get(lead.id))?.state).toBe('delivering');

    await fx.writer.attempt(lead, {
      destination: 'sales',
      attempt: 2,
      outcome: 'delivered',
      messageId: '<m@x>',
    });
    const summary = await fx.reader.get(lead.id);
    expect(summary).toMatchObject({
      state: 'delivered',
      destinations: [
        {
          name: 'crm',
          state: 'delivered',
          attempts: 1,
          recordUrl: 'https://org.example/main.aspx?etn=lead&id=1&pagetype=entityrecord',
        },
        { name: 'sales', state: 'delivered', attempts: 2, lastError: 'temporary failure' },
      ],
    });
    expect((await fx.reader.timeline(lead.id)).map((event) => event.kind)).toEqual([
      'received',
      'routed',
      'attempt',
      'attempt',
      'attempt',
    ]);
  });

  it('is failed when one destination gave up, whatever the others did', async () => {
    const lead = aLead();
    await fx.writer.routed(lead, routed(['crm', 'sales']));
    await fx.writer.attempt(lead, { destination: 'crm', attempt: 1, outcome: 'delivered' });
    await fx.writer.attempt(lead, {
      destination: 'sales',
      attempt: 3,
      outcome: 'failed',
      reason: 'permanent failure: the mail server answered 550',
      failureClass: 'permanent 550',
    });
    expect(await fx.reader.get(lead.id)).toMatchObject({
      state: 'failed',
      destinations: [
        { name: 'crm', state: 'delivered' },
        {
          name: 'sales',
          state: 'failed',
          attempts: 3,
          lastError: 'permanent failure: the mail server answered 550',
        },
      ],
    });
  });

  it('is skipped when every destination chose not to write it, delivered when one did', async () => {
    const skippedOnly = aLead();
    await fx.writer.routed(skippedOnly, routed(['crm']));
    await fx.writer.attempt(skippedOnly, { destination: 'crm', attempt: 1, outcome: 'skipped' });
    const mixed = aLead();
    await fx.writer.routed(mixed, routed(['crm', 'sales']));
    await fx.writer.attempt(mixed, { destination: 'crm', attempt: 1, outcome: 'skipped' });
    await fx.writer.attempt(mixed, { destination: 'sales', attempt: 1, outcome: 'delivered' });

    expect((await fx.reader.get(skippedOnly.id))?.state).toBe('skipped');
    expect((await fx.reader.get(mixed.id))?.state).toBe('delivered');
  });

  it('is unmatched when no destination takes it, and delivering once a replay routes it', async () => {
    const lead = aLead();
    await fx.writer.unmatched(lead, 'no destination takes action code INS');
    expect((await fx.reader.get(lead.id))?.state).toBe('unmatched');
    expect(await fx.reader.list({ state: 'unmatched' }, { page: 1, size: 10 })).toMatchObject({
      total: 1,
    });

    await fx.writer.operatorAction(lead.id, { kind: 'replayed', by: 'Ada Operator' });
    await fx.writer.routed(lead, routed(['crm']));
    expect((await fx.reader.get(lead.id))?.state).toBe('delivering');
    expect(await fx.reader.list({ state: 'unmatched' }, { page: 1, size: 10 })).toMatchObject({
      total: 0,
    });
    expect((await fx.reader.timeline(lead.id)).slice(1)).toMatchObject([
      { kind: 'unmatched', reason: 'no destination takes action code INS' },
      { kind: 'replayed', by: 'Ada Operator' },
      { kind: 'routed', destinations: ['crm'] },
    ]);
  });

  it('a throttled try spends no attempt, and a retry by a person puts a failed destination back to delivering', async () => {
    const lead = aLead();
    await fx.writer.routed(lead, routed(['crm']));
    await fx.writer.attempt(lead, {
      destination: 'crm',
      attempt: 1,
      outcome: 'throttled',
      reason: 'throttled',
    });
    expect((await fx.reader.get(lead.id))?.destinations[0]?.attempts).toBe(0);
    await fx.writer.attempt(lead, {
      destination: 'crm',
      attempt: 1,
      outcome: 'failed',
      reason: 'permanent',
    });
    expect((await fx.reader.get(lead.id))?.state).toBe('failed');

    await fx.writer.operatorAction(lead.id, { kind: 'retried', destination: 'crm', by: 'admin' });
    expect(await fx.reader.get(lead.id)).toMatchObject({
      state: 'delivering',
      destinations: [{ name: 'crm', state: 'delivering', attempts: 1 }],
    });
  });

  it('an operator action on a lead it never saw records nothing', async () => {
    await fx.writer.operatorAction('unknown-lead', {
      kind: 'retried',
      destination: 'crm',
      by: 'admin',
    });
    expect(await fx.reader.get('unknown-lead')).toBeUndefined();
    expect(await fx.reader.timeline('unknown-lead')).toEqual([]);
  });

  it('a write that cannot reach Redis is given up within the bound, with a warning that names no lead data', async () => {
    const lead = aLead();
    // A Redis that does not answer: nothing listens on port 1, and commands wait to be sent.
    const unreachable = createWorkerConnection('redis://127.0.0.1:1');
    unreachable.on('error', () => undefined);
    const logs = new LogCapture();
    const writer = createLeadActivityWriter({
      connection: unreachable,
      prefix: fx.prefix,
      logger: createLogger({ service: 'test', stream: logs }),
      timeoutMs: 300,
    });
    try {
      const started = Date.now();
      await writer.routed(lead, routed(['crm']));
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(logs.lines.join('\n')).toContain('lead activity not recorded');
      expect(logs.lines.join('\n')).not.toContain('Contoso');
    } finally {
      unreachable.disconnect();
    }
  });
});
