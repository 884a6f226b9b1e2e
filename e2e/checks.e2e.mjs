// End-to-end: "Test connection" in the drawer and the health dot on the card,
// against a real HTTP server on loopback (allowed by e2e/app-config.e2e.yaml only).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BACKEND, E2EBrowser, guestToken, settled } from './support.mjs';

const TOKEN = 'sk-check-canary-e2e-4b1d';
const BODY_CANARY = 'body-canary-e2e-93ce';

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;
let server;
let origin;
let token;

/** An API that wants `Authorization: Bearer TOKEN` on /v1/models (the `ai` type's check). */
function startApi() {
  server = http.createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${TOKEN}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok, note: BODY_CANARY }));
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${server.address().port}`;
      resolve();
    }),
  );
}

async function api(method, path, body) {
  const res = await fetch(`${BACKEND}/api/integrations${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

before(async () => {
  await startApi();
  token = await guestToken();
  for (const [name, value] of [
    ['Local LLM', TOKEN],
    ['Stale LLM key', 'sk-expired-e2e'],
  ]) {
    const created = await api('POST', '/integrations', {
      name,
      type: 'ai',
      urls: [{ url: origin }],
      projects: [],
      credentials: [{ key: 'API_KEY', value }],
    });
    assert.equal(created.status, 201);
  }

  page = await browser.open();
  await browser.signIn('/integrations?q=LLM');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
});

after(async () => {
  // The other e2e file starts from an empty page: leave nothing behind.
  const { body } = await api('GET', '/integrations?q=LLM&limit=50');
  for (const item of body?.items ?? [])
    await api('DELETE', `/integrations/${item.id}`);
  await browser.close();
  await new Promise(resolve => (server ? server.close(resolve) : resolve()));
});

scenario('"Test connection" shows status, HTTP code and latency', async () => {
  const card = page
    .getByTestId('integration-card')
    .filter({ hasText: 'Local LLM' });
  await card.hover();
  await page.getByRole('button', { name: 'Edit Local LLM' }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit integration' });
  await drawer.waitFor();

  await drawer.getByRole('button', { name: 'Test connection' }).click();
  const result = drawer.getByRole('status', {
    name: 'Connection check result',
  });
  await result.waitFor();
  const text = await result.innerText();
  assert.match(text, /Healthy/);
  assert.match(text, new RegExp(`${origin}/v1/models: HTTP 200 · \\d+ ms`));
  // The saved test lands in the drawer's small history.
  await drawer.getByRole('tab', { name: 'Checks' }).click();
  await drawer
    .getByRole('list', { name: 'Connection checks' })
    .getByText(/Healthy · HTTP 200/)
    .waitFor();
  await settled(drawer);
  await shot('connection-check');

  const pageText = await page.evaluate(() => document.body.innerText);
  assert.ok(!pageText.includes(TOKEN), 'the credential is never shown');
  assert.ok(
    !pageText.includes(BODY_CANARY),
    'the response body is never shown',
  );
  await drawer.getByRole('button', { name: 'Cancel' }).click();
  await drawer.waitFor({ state: 'hidden' });
});

scenario('tests unsaved values once, in the Add drawer', async () => {
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const drawer = page.getByRole('dialog', { name: 'Add integration' });
  await drawer.waitFor();
  await drawer.getByRole('button', { name: /^Type/ }).click();
  await page.getByRole('option', { name: 'AI' }).click();
  await drawer.getByLabel('URL 1', { exact: true }).fill(origin);
  await drawer.getByLabel('Credential key 1', { exact: true }).fill('API_KEY');
  await drawer
    .getByLabel('Secret value 1', { exact: true })
    .fill('sk-typo-e2e');
  await drawer.getByRole('button', { name: 'Test connection' }).click();
  const result = drawer.getByRole('status', {
    name: 'Connection check result',
  });
  await result.waitFor();
  assert.match(await result.innerText(), /Failing/);
  assert.match(await result.innerText(), /the credential was rejected/);
  await drawer.getByRole('button', { name: 'Cancel' }).click();
  await drawer.waitFor({ state: 'hidden' });
});

scenario(
  'cards show a health dot; the unhealthy filter finds the failing one',
  async () => {
    const list = await api('GET', '/integrations?q=LLM');
    const stale = list.body.items.find(i => i.name === 'Stale LLM key');
    const checked = await api('POST', `/integrations/${stale.id}/check`);
    assert.equal(checked.status, 200);
    assert.equal(checked.body.status, 'unhealthy');
    assert.ok(!JSON.stringify(checked.body).includes(BODY_CANARY));

    await page.reload();
    const dot = name =>
      page
        .getByTestId('integration-card')
        .filter({ hasText: name })
        .getByTestId('health-dot');
    await dot('Stale LLM key').waitFor();
    assert.equal(await dot('Local LLM').getAttribute('data-status'), 'healthy');
    assert.equal(
      await dot('Stale LLM key').getAttribute('data-status'),
      'unhealthy',
    );
    assert.match(
      await dot('Stale LLM key').getAttribute('aria-label'),
      /^Health: Failing/,
    );
    await shot('health-dots');

    const unhealthy = await api('GET', '/integrations?health=unhealthy');
    assert.deepEqual(
      unhealthy.body.items.map(i => i.name),
      ['Stale LLM key'],
    );
  },
);
