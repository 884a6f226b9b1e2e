// End-to-end: a credential made write-only in the drawer — the confirm says it
// is one-way, the saved credential carries the mark and no Reveal, reveal
// refuses the guest (who holds manageAll), a service still resolves the value.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKEND,
  E2EBrowser,
  openIntegrationDrawer,
  guestFetch,
  SERVICE_TOKEN,
} from './support.mjs';

const PROJECT = 'component:default/billing';
const CANARY = 'sk_live_write_only_e2e_6a1f';

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;
let integrationId;

const call = guestFetch;

const openDrawer = () => openIntegrationDrawer(page, integrationId);

before(async () => {
  page = await browser.open({ viewport: { width: 1440, height: 1000 } });
  await browser.signIn('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
  const res = await call('/integrations', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Mollie Payouts',
      type: 'payments',
      urls: [{ url: 'https://api.mollie.example/v2' }],
      projects: [PROJECT],
      credentials: [
        { key: 'API_KEY', value: CANARY },
        { key: 'PROFILE_ID', value: 'pfl_e2e' },
      ],
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  integrationId = (await res.json()).id;
});

after(async () => {
  await browser.close();
});

scenario(
  'makes a credential write-only after a one-way confirm; the drawer marks it and offers no Reveal',
  async () => {
    const drawer = await openDrawer();
    await drawer
      .getByRole('checkbox', { name: 'Make API_KEY write-only' })
      .click();
    const confirm = drawer.getByRole('group', {
      name: 'Make API_KEY write-only?',
    });
    await confirm.getByText(/This is one-way/).waitFor();
    await confirm.scrollIntoViewIfNeeded();
    await shot('drawer-write-only-confirm');
    await confirm.getByRole('button', { name: 'Make write-only' }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    const again = await openDrawer();
    const first = again.getByRole('group', { name: 'Credential 1' });
    const mark = first.getByText('Write-only', { exact: true });
    await mark.hover();
    await page
      .getByRole('tooltip')
      .getByText(/nobody can reveal it/)
      .waitFor();
    await shot('drawer-write-only-mark');
    assert.equal(
      await again.getByRole('button', { name: 'Reveal API_KEY' }).count(),
      0,
    );
    await again.getByRole('button', { name: 'Reveal PROFILE_ID' }).waitFor();
    await again.getByRole('tab', { name: 'History' }).click();
    await again.getByText('Made credential write-only: API_KEY').waitFor();

    // The guest holds manageAll, and still reveal refuses; a service resolves.
    const refused = await call(
      `/integrations/${integrationId}/credentials/API_KEY/reveal`,
      { method: 'POST' },
    );
    assert.equal(refused.status, 403);
    const refusal = await refused.text();
    assert.match(refusal, /Credential \\?"API_KEY\\?".*write-only/);
    assert.ok(!refusal.includes(CANARY));
    const resolved = await fetch(
      `${BACKEND}/api/integrations/resolve?project=${encodeURIComponent(
        PROJECT,
      )}`,
      { headers: { Authorization: `Bearer ${SERVICE_TOKEN}` } },
    );
    assert.equal(resolved.status, 200);
    const item = (await resolved.json()).integrations.find(
      i => i.id === integrationId,
    );
    assert.equal(item.credentials.API_KEY, CANARY);
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(CANARY));
  },
);
