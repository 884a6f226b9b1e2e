// End-to-end: the drawer's Proxy and OAuth2 sections for a type with both
// (messaging, in e2e/app-config.e2e.yaml) — against a real token endpoint and
// a real upstream on loopback: the proxy places a minted token, "Used by"
// names the callers, a refused client shows its last token error, and the
// client secret appears nowhere on the page.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  BACKEND,
  E2EBrowser,
  openIntegrationDrawer,
  guestFetch,
  SERVICE_TOKEN,
} from './support.mjs';

const PROJECT = 'component:default/call-router';
const OTHER_PROJECT = 'component:default/status-page';
const CLIENT_ID = 'sinch-e2e-client';
const SECRET_CANARY = 'cs_live_oauth_e2e_5d7a';
const WRONG_CANARY = 'cs_live_wrong_e2e_91bf';
const ACCESS_TOKEN = 'at-e2e-minted-3c8e';

const browser = new E2EBrowser();
const { scenario, shot, shotOf } = browser;
let page;
let server;
let origin;
let goodId;
let staleId;
const upstreamHits = [];
const tokenRequests = [];

/**
 * One loopback server, two roles: `/oauth/token` knows one client and
 * (careless, like some real ones) echoes what it got when refusing; `/v1/*`
 * answers only with the minted token.
 */
function startServer() {
  server = http.createServer((req, res) => {
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/oauth/token') {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [id, secret] = basic
        ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')
        : [];
      tokenRequests.push({ id });
      if (id !== CLIENT_ID || secret !== SECRET_CANARY) {
        json(401, {
          error: 'invalid_client',
          error_description: `unknown client ${id}:${secret}`,
        });
        return;
      }
      json(200, {
        access_token: ACCESS_TOKEN,
        token_type: 'Bearer',
        expires_in: 3600,
      });
      return;
    }
    upstreamHits.push({ url: req.url, auth: req.headers.authorization });
    const ok = req.headers.authorization === `Bearer ${ACCESS_TOKEN}`;
    json(ok ? 200 : 401, { ok, path: req.url });
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${server.address().port}`;
      resolve();
    }),
  );
}

const api = guestFetch;

async function create(name, secret, project) {
  const res = await api('/integrations', {
    method: 'POST',
    body: JSON.stringify({
      name,
      type: 'messaging',
      urls: [
        { url: `${origin}/v1`, label: 'api' },
        { url: `${origin}/oauth/token`, label: 'token' },
      ],
      projects: [project],
      credentials: [
        { key: 'CLIENT_ID', value: CLIENT_ID },
        { key: 'CLIENT_SECRET', value: secret },
      ],
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id;
}

/** A call through the proxy as the signed-in guest. */
async function proxyGet(id, project, path) {
  return api(`/proxy/${id}/${path}`, {
    headers: { 'x-integrations-project': project },
  });
}

const openDrawer = id => openIntegrationDrawer(page, id);

async function assertNoSecretOnPage() {
  const text = await page.evaluate(() => document.body.innerText);
  const html = await page.content();
  for (const canary of [SECRET_CANARY, WRONG_CANARY]) {
    assert.ok(!text.includes(canary), `${canary} shown on the page`);
    assert.ok(!html.includes(canary), `${canary} in the page's markup`);
  }
}

before(async () => {
  await startServer();
  page = await browser.open({ viewport: { width: 1440, height: 1000 } });
  await browser.signIn('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
  goodId = await create('Sinch SMS', SECRET_CANARY, PROJECT);
  staleId = await create('Sinch SMS (old client)', WRONG_CANARY, OTHER_PROJECT);
});

after(async () => {
  // Other e2e files count what they see: leave nothing behind.
  for (const id of [goodId, staleId].filter(Boolean))
    await api(`/integrations/${id}`, { method: 'DELETE' });
  await browser.close();
  await new Promise(resolve => (server ? server.close(resolve) : resolve()));
});

scenario(
  'the proxy places a minted token; the drawer shows the Proxy and OAuth2 sections and "Used by"',
  async () => {
    const proxied = await proxyGet(goodId, PROJECT, 'messages');
    assert.equal(proxied.status, 200, await proxied.clone().text());
    assert.deepEqual(await proxied.json(), { ok: true, path: '/v1/messages' });
    assert.deepEqual(upstreamHits.at(-1), {
      url: '/v1/messages',
      auth: `Bearer ${ACCESS_TOKEN}`,
    });
    // A path the type does not allow never reaches the upstream.
    const hits = upstreamHits.length;
    const refused = await proxyGet(goodId, PROJECT, 'admin/keys');
    assert.equal(refused.status, 403, await refused.clone().text());
    assert.equal(upstreamHits.length, hits);

    // A service resolving gets the token, not the client secret.
    const resolved = await fetch(
      `${BACKEND}/api/integrations/resolve?project=${encodeURIComponent(
        PROJECT,
      )}`,
      { headers: { Authorization: `Bearer ${SERVICE_TOKEN}` } },
    );
    const body = await resolved.text();
    assert.equal(resolved.status, 200, body);
    const item = JSON.parse(body).integrations.find(i => i.id === goodId);
    assert.equal(item.credentials.ACCESS_TOKEN, ACCESS_TOKEN);
    assert.ok(!body.includes(SECRET_CANARY), 'resolve hands out the secret');

    // Usage is counted in memory and written every 3 s here (app-config.e2e.yaml): wait for the flush.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const usage = await api(`/integrations/${goodId}/usage`)
        .then(r => r.json())
        .catch(() => ({ items: [] }));
      if (usage.items?.length >= 2) break;
      assert.ok(Date.now() < deadline, 'no usage recorded within 30 s');
      await new Promise(r => setTimeout(r, 1000));
    }

    const drawer = await openDrawer(goodId);
    const host = new URL(origin).host;
    const oauth = drawer.getByRole('region', {
      name: 'OAuth2 client credentials',
    });
    await oauth
      .getByText(
        `Services get access tokens minted at ${host}, not the client secret.`,
      )
      .waitFor();
    const secretSwitch = oauth.getByRole('checkbox', {
      name: 'Resolve returns the client secret too',
    });
    assert.equal(await secretSwitch.isChecked(), false);
    assert.equal(await secretSwitch.isEnabled(), true);
    assert.equal(await oauth.getByRole('status').count(), 0);

    const proxy = drawer.getByRole('region', { name: 'Proxy' });
    await proxy
      .getByText(
        `Callers with integrations.proxy.use can call GET, POST on /messages, /messages/* at ${host} through Backstage; the backend adds the credentials, callers never see them.`,
      )
      .waitFor();
    const usedBy = proxy.getByText(/^Used by \(proxy and resolve\): /);
    await usedBy.waitFor();
    const consumers = await usedBy.innerText();
    assert.match(consumers, /user:default\/guest/);
    assert.match(consumers, /example-external-service/);

    await oauth.scrollIntoViewIfNeeded();
    await shotOf(oauth, 'drawer-oauth');
    await proxy.scrollIntoViewIfNeeded();
    await shotOf(proxy, 'drawer-proxy');
    await shot('drawer-proxy-oauth');
    await assertNoSecretOnPage();
  },
);

scenario(
  'a refused client shows its last token error, without the secret the token endpoint echoed',
  async () => {
    const failed = await proxyGet(staleId, OTHER_PROJECT, 'messages');
    assert.ok(failed.status >= 500, `proxy answered ${failed.status}`);
    assert.ok(!(await failed.text()).includes(WRONG_CANARY));
    assert.ok(upstreamHits.every(h => h.auth === `Bearer ${ACCESS_TOKEN}`));

    const drawer = await openDrawer(staleId);
    const oauth = drawer.getByRole('region', {
      name: 'OAuth2 client credentials',
    });
    const error = oauth
      .getByRole('status')
      .filter({ hasText: /^Last token request failed / });
    await error.waitFor();
    assert.match(await error.innerText(), /401/);
    await oauth.scrollIntoViewIfNeeded();
    await shotOf(oauth, 'drawer-oauth-token-error');
    await assertNoSecretOnPage();
  },
);

scenario(
  'the switch lets resolve return the client secret, and turns back off',
  async () => {
    const drawer = await openDrawer(goodId);
    const secretSwitch = drawer
      .getByRole('region', { name: 'OAuth2 client credentials' })
      .getByRole('checkbox', { name: 'Resolve returns the client secret too' });
    // The switch shows the saved state: it flips once the server has answered.
    await secretSwitch.click();
    await page.waitForFunction(() => {
      const el = document.querySelector(
        'section[aria-label="OAuth2 client credentials"] input[type=checkbox]',
      );
      return el && el.checked && !el.disabled;
    });
    const on = await api(`/integrations/${goodId}/oauth2`).then(r => r.json());
    assert.equal(on.clientSecretResolvable, true);
    assert.equal(on.updatedBy, 'user:default/guest');
    await secretSwitch.click();
    await page.waitForFunction(() => {
      const el = document.querySelector(
        'section[aria-label="OAuth2 client credentials"] input[type=checkbox]',
      );
      return el && !el.checked && !el.disabled;
    });
    const off = await api(`/integrations/${goodId}/oauth2`).then(r => r.json());
    assert.equal(off.clientSecretResolvable, false);
    await assertNoSecretOnPage();
  },
);
