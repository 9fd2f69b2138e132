import { generateServerCertificate } from '@leadbridge/dataverse-simulator';
import { describeOrigin, contentKeyFor, parseLead } from '@leadbridge/lead-model';
import {
  documentedExample,
  startSmtpServer,
  startTestProxy,
  startWebhookReceiver,
} from '@leadbridge/test-support';
import { failedDeliveryAlert } from './alert-fixture';
import { createWebhookAlertChannel } from '../src/alerts/alert-channels';
import { describeAlert } from '../src/alerts/alert-message';
import { createEmailTransport } from '../src/destinations/email/email-transport';
import { renderLeadEmail } from '../src/destinations/email/lead-email';
import { sendLeadEmail } from '../src/destinations/email/send-lead-email';
import { readProxySettings } from '../src/proxy/proxy-settings';

// Alerts and lead e-mails leave the network the way Dynamics requests do: through the proxy.
jest.setTimeout(15_000);

const started: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
});

async function start<T extends { close(): unknown }>(thing: Promise<T>): Promise<T> {
  const value = await thing;
  started.push(() => value.close());
  return value;
}

function leadEmail() {
  const parsed = parseLead(documentedExample);
  if (!parsed.ok) throw new Error('fixture must be a valid lead');
  return renderLeadEmail(
    { from: 'leads@publisher.example', to: ['sales@publisher.example'] },
    {
      leadId: contentKeyFor(parsed.lead),
      requestId: 'request-1',
      receivedAt: new Date().toISOString(),
      rawBody: '{}',
      lead: parsed.lead,
      origin: describeOrigin(parsed.lead),
      destination: 'sales-inbox',
    },
  );
}

describe('behind an outbound proxy', () => {
  it('an alert to an http:// webhook is posted through HTTP_PROXY', async () => {
    const proxy = await start(startTestProxy());
    const receiver = await start(startWebhookReceiver());
    const channel = createWebhookAlertChannel({
      url: receiver.url,
      proxy: readProxySettings({ HTTP_PROXY: proxy.url }),
    });

    const raised = failedDeliveryAlert();
    await channel.send(raised, describeAlert(raised, { heldBack: 0, quietMs: 60_000 }));

    expect(receiver.requests).toHaveLength(1);
    expect(proxy.requests).toEqual([{ method: 'POST', target: receiver.url, allowed: true }]);
  });

  it('an alert webhook behind a proxy that refuses the credentials fails saying so, without the URL', async () => {
    const proxy = await start(startTestProxy({ credentials: { user: 'u', password: 'right' } }));
    const receiver = await start(startWebhookReceiver());
    const channel = createWebhookAlertChannel({
      url: receiver.url,
      proxy: readProxySettings({ http_proxy: proxy.urlWith('u', 'wrong') }),
    });

    const raised = failedDeliveryAlert();
    const sending = channel.send(raised, describeAlert(raised, { heldBack: 0, quietMs: 60_000 }));

    const error = (await sending.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      'webhook request refused by the proxy (407): put the right user and password in HTTP_PROXY',
    );
    expect(JSON.stringify(error)).not.toContain(receiver.url);
    expect(receiver.requests).toHaveLength(0);
  });

  it('a lead e-mail goes through a CONNECT tunnel of HTTPS_PROXY to the SMTP server', async () => {
    const proxy = await start(startTestProxy({ credentials: { user: 'u', password: 'p w' } }));
    const smtp = await start(startSmtpServer());
    const transport = createEmailTransport(smtp.url, {
      timeoutMs: 2_000,
      requireTls: false,
      proxy: readProxySettings({ HTTPS_PROXY: proxy.urlWith('u', 'p w') }),
    });
    started.push(() => transport.close());

    await sendLeadEmail(transport, leadEmail());

    expect(await smtp.waitForMessages(1)).toHaveLength(1);
    expect(proxy.tunnels()).toEqual([new URL(smtp.url).host]);
  });

  it('an smtps:// server is reached through the tunnel with its certificate checked', async () => {
    const certificate = await generateServerCertificate();
    const proxy = await start(startTestProxy());
    const smtp = await start(startSmtpServer({ secure: true, tls: certificate }));
    const send = (ca?: string) => {
      const transport = createEmailTransport(smtp.url, {
        timeoutMs: 2_000,
        proxy: readProxySettings({ HTTPS_PROXY: proxy.url }),
        ...(ca ? { ca } : {}),
      });
      started.push(() => transport.close());
      return sendLeadEmail(transport, leadEmail());
    };

    await expect(send()).rejects.toThrow(/certificate/i);
    await send(certificate.certPem);

    expect(await smtp.waitForMessages(1)).toEqual([expect.objectContaining({ secure: true })]);
    expect(proxy.tunnels()).toHaveLength(2);
  });

  it('an SMTP server listed in NO_PROXY is reached directly', async () => {
    const proxy = await start(startTestProxy());
    const smtp = await start(startSmtpServer());
    const transport = createEmailTransport(smtp.url, {
      timeoutMs: 2_000,
      requireTls: false,
      proxy: readProxySettings({
        HTTPS_PROXY: proxy.url,
        NO_PROXY: `127.0.0.1:${new URL(smtp.url).port}`,
      }),
    });
    started.push(() => transport.close());

    await sendLeadEmail(transport, leadEmail());

    expect(await smtp.waitForMessages(1)).toHaveLength(1);
    expect(proxy.requests).toEqual([]);
  });

  it('a lead e-mail behind a proxy that wants credentials fails for now, saying the proxy refused', async () => {
    const proxy = await start(startTestProxy({ credentials: { user: 'u', password: 'right' } }));
    const smtp = await start(startSmtpServer());
    const transport = createEmailTransport(smtp.url, {
      timeoutMs: 2_000,
      requireTls: false,
      proxy: readProxySettings({ HTTPS_PROXY: proxy.url }),
    });
    started.push(() => transport.close());

    const sending = sendLeadEmail(transport, leadEmail());

    await expect(sending).rejects.toThrow(/SMTP EPROXY: .*407.*HTTPS_PROXY/);
    await expect(sending).rejects.toMatchObject({ name: 'TransientError' });
  });
});
