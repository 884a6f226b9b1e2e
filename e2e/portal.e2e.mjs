// End-to-end: the Integrations plugin as part of the portal — a software template
// assigns an integration to the service it creates, and search finds an
// integration by credential key. Chromium driven by playwright-core.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { APP, BACKEND, E2EBrowser, guestToken } from './support.mjs';

const CANARY = 'sk_live_canary_portal_e2e_6a0d';
// Unique per run: the example portal keeps what templates publish in .data/scaffolded.
const RUN = Date.now().toString(36);
const SERVICE = `portal-e2e-${RUN}`;
const KEY = `PORTAL_E2E_${RUN.toUpperCase()}_TOKEN`;
const INTEGRATION = `Portal e2e ${RUN}`;

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;
let token;
let integrationId;

async function api(path, init = {}) {
  const res = await fetch(`${BACKEND}/api${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  const body = await res.json().catch(() => undefined);
  if (!res.ok)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function eventually(fn, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (error.final || Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}

before(async () => {
  token = await guestToken();
  // The integration the template will assign, made as another client would.
  integrationId = (
    await api('/integrations/integrations', {
      method: 'POST',
      body: JSON.stringify({
        name: INTEGRATION,
        type: 'ai',
        description: 'Created by the portal e2e test',
        urls: [{ url: 'https://api.portal-e2e.example/v1' }],
        projects: [],
        credentials: [{ key: KEY, value: CANARY }],
      }),
    })
  ).id;

  page = await browser.open();
  await browser.signIn('/create');
});

after(async () => {
  await browser.close();
});

scenario(
  'a template run assigns an integration and the entity tab shows it',
  async () => {
    // The template is in the portal's template list.
    await page.getByText('New service with integrations').first().waitFor({
      timeout: 90_000,
    });
    await shot('portal-templates');

    // Run it as the signed-in user, the way the template form submits it.
    const { id: taskId } = await api('/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/service-with-integrations',
        values: {
          name: SERVICE,
          owner: 'group:default/platform-team',
          integrations: [INTEGRATION],
        },
      }),
    });
    await page.goto(`${APP}/create/tasks/${taskId}`);
    const task = await eventually(async () => {
      const t = await api(`/scaffolder/v2/tasks/${taskId}`);
      if (t.status === 'failed')
        throw Object.assign(new Error('task failed'), { final: true });
      assert.equal(t.status, 'completed');
      return t;
    });
    assert.equal(task.status, 'completed');
    await page.getByText('Assign integrations').first().waitFor();
    await shot('portal-template-run');

    // The backend recorded the assignment, by the user who ran the template.
    const integration = await api(
      `/integrations/integrations/${integrationId}`,
    );
    assert.deepEqual(integration.projects, [`component:default/${SERVICE}`]);
    assert.equal(integration.updatedBy, 'user:default/guest');

    // The catalog picks the new component up, and its tab lists the integration.
    await eventually(() =>
      api(`/catalog/entities/by-name/component/default/${SERVICE}`),
    );
    await page.goto(`${APP}/catalog/default/component/${SERVICE}/integrations`);
    const link = page.getByRole('link', { name: INTEGRATION });
    await link.waitFor({ timeout: 60_000 });
    await shot('portal-entity-tab');
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(CANARY));
  },
);

scenario('search finds an integration by its credential key', async () => {
  // The collator runs every 10 s in the e2e config; wait for the next index.
  await eventually(async () => {
    const res = await api(
      `/search/query?term=${encodeURIComponent(KEY)}&types%5B0%5D=integration`,
    );
    // Other e2e files index integrations too; ours must be there exactly once.
    const ours = res.results.filter(
      r => r.document.location === `/integrations/${integrationId}`,
    );
    assert.equal(
      ours.length,
      1,
      JSON.stringify(res.results.map(r => r.document.location)),
    );
  });
  await page.goto(`${APP}/search?query=${encodeURIComponent(KEY)}`);
  const link = page.getByRole('link', { name: INTEGRATION });
  await link.waitFor();
  await page.getByText(`Keys: ${KEY}`).waitFor();
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes(CANARY));
  await shot('portal-search');
  assert.equal(
    await link.getAttribute('href'),
    `/integrations/${integrationId}`,
  );
  await link.click();
  await page.getByRole('dialog', { name: 'Edit integration' }).waitFor();
});

/** The level-1 heading of a page and the type it is drawn in. */
async function pageHeading(path) {
  await page.goto(`${APP}${path}`);
  const heading = page.getByRole('heading', { level: 1 }).first();
  await heading.waitFor();
  return heading.evaluate(el => {
    const style = getComputedStyle(el);
    return {
      text: el.textContent,
      type: `${style.fontFamily} ${style.fontSize}/${style.fontWeight} ${style.color}`,
    };
  });
}

scenario(
  'the Integrations page has the framework header of its neighbours',
  async () => {
    const catalog = await pageHeading('/catalog');
    await shot('portal-catalog-header');
    const integrations = await pageHeading('/integrations');
    await shot('portal-integrations-header');
    assert.equal(integrations.text, 'Integrations');
    assert.equal(integrations.type, catalog.type);
  },
);

scenario(
  'the entity page shows the Integrations card beside About, in the same type',
  async () => {
    await page.goto(`${APP}/catalog/default/component/${SERVICE}`);
    const titleType = name =>
      page
        .getByRole('heading', { name, exact: true })
        .first()
        .evaluate(el => {
          const style = getComputedStyle(el);
          return `${style.fontFamily} ${style.fontSize}/${style.fontWeight}`;
        });
    await page.getByRole('heading', { name: 'About', exact: true }).waitFor();
    await page
      .getByRole('heading', { name: 'Integrations', exact: true })
      .first()
      .waitFor();
    await shot('portal-entity-overview');
    assert.equal(await titleType('Integrations'), await titleType('About'));
  },
);
