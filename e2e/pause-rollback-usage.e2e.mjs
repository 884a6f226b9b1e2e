// End-to-end: pause, roll back and "Used by" in the running portal — pause a project in
// the drawer and see it marked on the entity tab, roll back a credential, and
// see "Used by" after a service resolved the credentials.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP,
  BACKEND,
  E2EBrowser,
  settled,
  openIntegrationDrawer,
  guestFetch,
  SERVICE_TOKEN,
} from './support.mjs';

const PROJECT = 'component:default/billing';
const FIRST = 'sk_live_rollback_first_4b1c';
const SECOND = 'sk_live_rollback_second_8d2e';

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;
let integrationId;

async function api(path, init = {}) {
  const res = await guestFetch(path, init);
  assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

/** Resolve as an external service, as a billing job would. */
async function resolveAsService() {
  const res = await fetch(
    `${BACKEND}/api/integrations/resolve?project=${encodeURIComponent(
      PROJECT,
    )}`,
    { headers: { Authorization: `Bearer ${SERVICE_TOKEN}` } },
  );
  assert.equal(res.status, 200);
  return (await res.json()).integrations.find(i => i.id === integrationId);
}

/** The drawer's operating sections sit in tabs beside Details. */
async function openTab(drawer, name) {
  await drawer.getByRole('tab', { name }).click();
}

const openDrawer = () => openIntegrationDrawer(page, integrationId);

before(async () => {
  page = await browser.open({ viewport: { width: 1440, height: 1000 } });
  await browser.signIn('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();

  // An integration whose credential was rotated once, used by a service.
  const created = await api('/integrations', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Adyen Billing',
      type: 'payments',
      urls: [{ url: 'https://checkout-test.adyen.example/v71' }],
      projects: [PROJECT],
      credentials: [{ key: 'API_KEY', value: FIRST }],
    }),
  });
  integrationId = created.id;
  await api(`/integrations/${integrationId}`, {
    method: 'PUT',
    body: JSON.stringify({
      name: created.name,
      type: created.type,
      urls: created.urls,
      projects: created.projects,
      version: created.version,
      credentials: [{ key: 'API_KEY', value: SECOND }],
    }),
  });
  assert.equal((await resolveAsService()).credentials.API_KEY, SECOND);
});

after(async () => {
  await browser.close();
});

scenario(
  'pauses a project in the drawer, cutting resolve, and the entity tab marks it',
  async () => {
    const drawer = await openDrawer();
    await openTab(drawer, 'Projects');
    const row = drawer.getByRole('group', { name: PROJECT });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: `Pause ${PROJECT}` }).click();
    await row.getByLabel('Reason (optional)').fill('Rotating keys at Adyen');
    await row.getByRole('button', { name: 'Pause project' }).click();
    await row.getByText('Paused', { exact: true }).waitFor();
    await row.getByText(/Rotating keys at Adyen/).waitFor();
    await drawer
      .getByRole('status')
      .filter({ hasText: `Paused ${PROJECT}` })
      .waitFor();
    await settled(drawer);
    await shot('drawer-projects');
    await openTab(drawer, 'History');
    await drawer.getByText(`Paused project: ${PROJECT}`).waitFor();
    assert.equal(await resolveAsService(), undefined);

    await page.goto(`${APP}/catalog/default/component/billing/integrations`);
    await page.getByRole('link', { name: 'Adyen Billing' }).waitFor();
    await page.getByText('Paused for this entity').waitFor();
    await shot('entity-tab-paused');

    const again = await openDrawer();
    await openTab(again, 'Projects');
    const resumedRow = again.getByRole('group', { name: PROJECT });
    await resumedRow.getByRole('button', { name: `Resume ${PROJECT}` }).click();
    await resumedRow.getByText('Active').waitFor();
    assert.equal((await resolveAsService()).credentials.API_KEY, SECOND);
  },
);

scenario('rolls back a credential to its previous version', async () => {
  const drawer = await openDrawer();
  await openTab(drawer, 'Versions');
  const versions = drawer.getByRole('list', { name: 'Credential versions' });
  await versions.getByText('API_KEY · version 2').waitFor();
  await versions
    .getByRole('button', { name: 'Roll back API_KEY to version 1' })
    .click();
  await versions.getByRole('button', { name: 'Confirm roll back' }).click();
  await versions.getByText('API_KEY · version 3').waitFor();
  await openTab(drawer, 'History');
  await drawer
    .getByText(/Rolled back credential: API_KEY · to version 1/)
    .waitFor();
  assert.equal((await resolveAsService()).credentials.API_KEY, FIRST);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes(FIRST) && !text.includes(SECOND));
});

scenario(
  'shows "Used by" after a service resolved the credentials',
  async () => {
    // Usage is counted in memory and written every 3 s here (app-config.e2e.yaml): wait for the flush.
    const deadline = Date.now() + 30_000;
    for (;;) {
      // The dev backend restarts when sources change; keep asking until it answers.
      const usage = await api(`/integrations/${integrationId}/usage`).catch(
        () => ({ items: [] }),
      );
      if (usage.items.length) break;
      assert.ok(Date.now() < deadline, 'no usage recorded within 30 s');
      await new Promise(r => setTimeout(r, 1000));
    }
    const drawer = await openDrawer();
    await openTab(drawer, 'Usage');
    const usedBy = drawer.getByRole('list', { name: 'Used by' });
    await usedBy.getByText(new RegExp(`· ${PROJECT}`)).waitFor();
    await usedBy.getByText(/Last used .* ago|Last used just now/).waitFor();
    await usedBy.scrollIntoViewIfNeeded();
    await settled(drawer);
    await shot('drawer-used-by');
  },
);
