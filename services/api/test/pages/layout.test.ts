import { summary } from './fake-activity-reader';
import { html } from '../../src/admin/pages/html';
import { layout } from '../../src/admin/pages/layout';
import { leadDestinations } from '../../src/admin/pages/lead-destinations';
import type { PageViewer } from '../../src/admin/pages/page-viewer';

const operator: PageViewer = { role: 'operator', viaOidc: false, mayAct: true };

describe('the html template', () => {
  it('escapes every value put in, in text and in attributes, but not html it made itself', () => {
    const hostile = `"><script>alert('x')</script>&`;

    const out = html`<a title="${hostile}">${hostile}${html`<b>${hostile}</b>`}</a>`.text;

    expect(out).not.toContain('<script>');
    expect(out).toContain('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
    expect(out).toContain('<b>&quot;');
  });
});

describe('the layout', () => {
  it('names who is signed in and offers a sign-out form with the CSRF token after single sign-on', () => {
    const page = layout({
      title: 'Leads',
      section: 'leads',
      viewer: { ...operator, name: 'Ada <Admin>', viaOidc: true, csrfToken: 'tok"en' },
      body: html`<p>hello</p>`,
    });

    expect(page).toContain('Ada &lt;Admin&gt;');
    expect(page).toMatch(/<form\s+method="post"\s+action="\/auth\/sign-out"/);
    expect(page).toMatch(/<input\s+type="hidden"\s+name="_csrf"\s+value="tok&quot;en"/);
    expect(page).toMatch(/<a\s+href="\/leads"\s+aria-current="page">Leads<\/a>/);
    expect(page).toContain('href="/queues"');
  });

  it('offers no sign-out to a basic-auth user, whose browser keeps the password', () => {
    const page = layout({ title: 'Leads', section: 'leads', viewer: operator, body: html`` });

    expect(page).not.toContain('/auth/sign-out');
    expect(page).toContain('Operator');
  });
});

describe('the Retry button', () => {
  const failed = summary('lead-1', {
    state: 'failed',
    destinations: [{ name: 'dynamics', state: 'failed', attempts: 3 }],
  });

  it('posts the destination and the CSRF token when there is one', () => {
    const withToken = leadDestinations(failed, [], { ...operator, csrfToken: 'abc' }).text;
    const without = leadDestinations(failed, [], operator).text;

    expect(withToken).toMatch(/name="_csrf"\s+value="abc"/);
    expect(withToken).toMatch(/name="destination"\s+value="dynamics"/);
    expect(without).not.toContain('_csrf');
    expect(without).toContain('action="/leads/lead-1/retry"');
  });
});
