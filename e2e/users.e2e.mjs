// End-to-end: the page as its users judge it — an expiry date, a field error that clears,
// a deep link to nothing, a user without rights (rights changed while the portal runs),
// import with a bad row then a good file, and export. Chromium driven by playwright-core.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { APP, E2EBrowser, settled, guestFetch } from './support.mjs';

const CANARY = 'sk_live_canary_users_e2e_58c1';
const RUN = Date.now().toString(36);
const NAME = `Expiring ${RUN}`;
const DAY_MS = 24 * 60 * 60 * 1000;

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;

async function api(path) {
  return (await guestFetch(path)).json();
}

async function eventually(fn, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

/** Rewrites the portal's rights file (e2e/run.mjs) at once, as an operator's deploy would. */
function writeRights(manageAll) {
  const file = process.env.E2E_RIGHTS_FILE;
  writeFileSync(
    `${file}.next`,
    `integrationsHub:\n  rights:\n    manageAll: [${manageAll.join(', ')}]\n`,
  );
  renameSync(`${file}.next`, file);
}

/** Waits out MUI's open transitions, so a screenshot shows a dialog, not its fade-in. */
const dialogSettled = () =>
  page.waitForFunction(() =>
    [...document.querySelectorAll('.MuiDialog-container')].every(
      el => getComputedStyle(el).opacity === '1',
    ),
  );

const openCard = async name => {
  const card = page.getByTestId('integration-card').filter({ hasText: name });
  await card.hover();
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit integration' });
  await drawer.waitFor();
  return drawer;
};

before(async () => {
  page = await browser.open({ viewport: { width: 1440, height: 900 } });
  await browser.signIn('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
});

after(async () => {
  await browser.close();
});

scenario(
  'adds a credential with an expiry date; the card marks it',
  async () => {
    const expires = new Date(Date.now() + 10 * DAY_MS)
      .toISOString()
      .slice(0, 10);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Add integration' });
    await drawer.waitFor();
    await drawer.getByRole('button', { name: /^Type/ }).click();
    await page.getByRole('option', { name: 'AI' }).click();
    await drawer.getByRole('textbox', { name: /^Name/ }).fill(NAME);
    await drawer
      .getByLabel('URL 1', { exact: true })
      .fill('https://api.expiring.example/v1');
    await drawer
      .getByLabel('Credential key 1', { exact: true })
      .fill('ANTHROPIC_API_KEY_FOR_THE_SUPPORT_BOT_01');
    await drawer.getByLabel('Secret value 1', { exact: true }).fill(CANARY);
    await drawer.getByLabel('Expiry date 1').fill(expires);
    await settled(drawer);
    await shot('drawer-add-expiry');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });

    const card = page.getByTestId('integration-card').filter({ hasText: NAME });
    await card.getByText(/Expires in (9|10) days/).waitFor();
    await shot('card-expiry');
    const stored = (await api(`/integrations?q=${encodeURIComponent(RUN)}`))
      .items[0];
    assert.equal(stored.credentials[0].expiresAt.slice(0, 10), expires);
  },
);

scenario('clears a URL error as soon as the URL is valid', async () => {
  // The last save's toast sits over the drawer's Save until it closes by itself.
  await page.getByText(`Saved ${NAME}`).waitFor({ state: 'hidden' });
  const drawer = await openCard(NAME);
  const url = drawer.getByLabel('URL 1', { exact: true });
  await url.click(); // saved values are locked until clicked
  await url.fill('not a url');
  await drawer.getByRole('button', { name: 'Save' }).click();
  const error = drawer.getByText('must be an absolute http(s) URL');
  await error.waitFor();
  await settled(drawer);
  await shot('drawer-url-error');
  await url.fill('https://api.expiring.example/v2');
  await error.waitFor({ state: 'hidden' });
  await settled(drawer);
  await shot('drawer-url-fixed');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await drawer.waitFor({ state: 'hidden' });
});

scenario(
  'says so for a deep link to an integration that does not exist',
  async () => {
    await page.goto(`${APP}/integrations/00000000-0000-4000-8000-000000000000`);
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Integration not found').waitFor();
    assert.equal(await drawer.getByRole('button', { name: 'Save' }).count(), 0);
    await shot('drawer-not-found');
  },
);

scenario(
  'shows a user without rights that they have no access, without a restart',
  async () => {
    // The guest is in platform-team: nobody keeps manageAll while this runs.
    writeRights([]);
    try {
      await eventually(async () =>
        assert.equal((await api('/integrations?limit=1')).access, 'none'),
      );
      // The dev server reloads the page when a config file changes: look until it is still.
      await eventually(async () => {
        await page.goto(`${APP}/integrations`);
        await page
          .getByText('No access to integrations')
          .waitFor({ timeout: 10_000 });
      });
      await page.getByText(/integrations\.integration\.read/).waitFor();
      assert.equal(await page.getByText('No integrations yet').count(), 0);
      await shot('page-no-access');
    } finally {
      writeRights(['user:default/guest', 'group:default/platform-team']);
    }
    await eventually(async () =>
      assert.equal((await api('/integrations?limit=1')).access, 'all'),
    );
    await eventually(async () => {
      await page.goto(`${APP}/integrations`);
      await page
        .getByRole('button', { name: 'Import' })
        .waitFor({ timeout: 10_000 });
    });
  },
);

const importRow = (name, url) => ({
  name,
  type: 'monitoring',
  urls: [{ url }],
  projects: [],
  credentials: [{ key: 'API_TOKEN', value: CANARY }],
});

async function chooseImportFile(rows) {
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import integrations' });
  await dialog.waitFor();
  await dialog.getByLabel('Choose JSON or YAML file').setInputFiles({
    name: 'integrations.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(rows)),
  });
  await dialog.getByRole('table', { name: 'Import preview' }).waitFor();
  await dialogSettled();
  return dialog;
}

scenario(
  'imports nothing from a file with a bad row, naming it; then a good file',
  async () => {
    const before = (await api('/integrations?limit=1')).totalCount;
    const bad = await chooseImportFile([
      importRow(`Imported A ${RUN}`, 'https://a.import.example'),
      importRow(`Imported B ${RUN}`, 'not a url'),
    ]);
    await bad.getByText(/must be an absolute http\(s\) URL/).waitFor();
    assert.ok(
      await bad
        .getByRole('button', { name: /^Import \d+ integrations?$/ })
        .isDisabled(),
    );
    assert.ok(!(await bad.innerText()).includes(CANARY));
    await settled(bad);
    await shot('import-bad-row');
    await bad.getByRole('button', { name: 'Cancel' }).click();
    await bad.waitFor({ state: 'hidden' });
    assert.equal((await api('/integrations?limit=1')).totalCount, before);

    const good = await chooseImportFile([
      importRow(`Imported A ${RUN}`, 'https://a.import.example'),
      importRow(`Imported B ${RUN}`, 'https://b.import.example'),
    ]);
    await settled(good); // Import turns enabled with a colour transition
    await shot('import-preview');
    await good.getByRole('button', { name: 'Import 2 integrations' }).click();
    await good.waitFor({ state: 'hidden' });
    await page.getByText('Imported 2 integrations').waitFor();
    assert.equal((await api('/integrations?limit=1')).totalCount, before + 2);
  },
);

scenario('exports the list as CSV, without a value', async () => {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  // The menu as the user sees it, once it has grown in (not while it fades out).
  const menu = page.getByRole('menu');
  await settled(menu);
  await shot('page-export');
  await menu.getByRole('menuitem', { name: 'CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  assert.match(csv.split('\n')[0], /name/i);
  assert.ok(csv.includes(`Imported B ${RUN}`));
  assert.ok(csv.includes('ANTHROPIC_API_KEY_FOR_THE_SUPPORT_BOT_01'));
  assert.ok(!csv.includes(CANARY));
});
