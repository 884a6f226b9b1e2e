// End-to-end: a list longer than a page is paged by cursor — Next page, the
// browser's Back, First page — and the API refuses `offset`, naming `cursor`.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { APP, E2EBrowser, guestFetch } from './support.mjs';

const PREFIX = 'paging-e2e';
const COUNT = 30; // one full page of 24 and 6 on the next
const names = Array.from(
  { length: COUNT },
  (_, i) => `${PREFIX}-${String(i + 1).padStart(2, '0')}`,
);

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;
let created = [];

const api = guestFetch;

const cards = () => page.getByTestId('integration-card');

/** The names on the cards, once the page shows `count` of them. */
async function cardNames(count) {
  await page.waitForFunction(
    n =>
      document.querySelectorAll('[data-testid="integration-card"]').length ===
      n,
    count,
  );
  return cards().evaluateAll(all =>
    all.map(card => card.getAttribute('aria-label')),
  );
}

before(async () => {
  const res = await api('/integrations/import', {
    method: 'POST',
    body: JSON.stringify({
      integrations: names.map(name => ({
        name,
        type: 'other',
        urls: [{ url: `https://${name}.example` }],
        projects: ['component:default/paging'],
        credentials: [{ key: 'TOKEN', value: 'paging-e2e-value' }],
      })),
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  created = (await res.json()).created;
  page = await browser.open({ viewport: { width: 1440, height: 900 } });
  await browser.signIn('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
});

after(async () => {
  for (const { id } of created)
    await api(`/integrations/${id}`, { method: 'DELETE' });
  await browser.close();
});

scenario('refuses offset and pages by nextCursor in the API', async () => {
  const refused = await api(`/integrations?q=${PREFIX}&offset=0`);
  assert.equal(refused.status, 400);
  assert.equal(
    (await refused.json()).error.message,
    'offset: no longer supported; page with cursor (nextCursor of the previous page)',
  );

  const first = await (await api(`/integrations?q=${PREFIX}&limit=24`)).json();
  assert.equal(first.items.length, 24);
  assert.equal('offset' in first, false);
  assert.ok(first.nextCursor);
  const second = await (
    await api(`/integrations?q=${PREFIX}&limit=24&cursor=${first.nextCursor}`)
  ).json();
  assert.deepEqual(
    [...first.items, ...second.items].map(i => i.name),
    names,
  );
  assert.equal(second.nextCursor, undefined);
});

scenario(
  'pages with Next page, Back and First page, the position in the URL',
  async () => {
    await page.goto(`${APP}/integrations?q=${PREFIX}`);
    await page.getByText(`${COUNT} integrations`).waitFor();
    const firstPage = await cardNames(24);
    assert.equal(firstPage[0], names[0]);
    assert.equal(
      await page.getByRole('button', { name: 'First page' }).count(),
      0,
    );
    await shot('page-paging-first');

    await page.getByRole('button', { name: 'Next page' }).click();
    assert.deepEqual(await cardNames(COUNT - 24), names.slice(24));
    assert.match(page.url(), /[?&]cursor=/);
    assert.equal(
      await page.getByRole('button', { name: 'Next page' }).count(),
      0,
    );
    await shot('page-paging-second');

    // A page turn is a history entry: Back shows the first page again.
    await page.goBack();
    assert.deepEqual(await cardNames(24), firstPage);
    assert.doesNotMatch(page.url(), /cursor=/);

    // A reloaded second page is the same page; First page leaves it.
    await page.getByRole('button', { name: 'Next page' }).click();
    await cardNames(COUNT - 24);
    await page.reload();
    assert.deepEqual(await cardNames(COUNT - 24), names.slice(24));
    await page.getByRole('button', { name: 'First page' }).click();
    assert.deepEqual(await cardNames(24), firstPage);
    assert.doesNotMatch(page.url(), /cursor=/);
  },
);
