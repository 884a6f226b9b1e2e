// End-to-end: a person adds, filters, edits, links and finds an integration
// in the running portal, in Debian's Chromium driven by playwright-core.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { APP, BACKEND, E2EBrowser, guestToken, settled } from './support.mjs';

const CANARY = 'sk_live_canary_e2e_31f9';
const ROTATED = 'sk_live_rotated_e2e_77aa';

const browser = new E2EBrowser();
const { scenario, shot } = browser;
let page;

before(async () => {
  page = await browser.open({
    viewport: { width: 1440, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await browser.signIn('/integrations');
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
});

after(async () => {
  await browser.close();
});

scenario(
  'adds an integration with two URLs and two credentials, and its card appears',
  async () => {
    await page.getByText('No integrations yet').waitFor();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Add integration' });
    await drawer.waitFor();

    await drawer.getByLabel('Projects', { exact: true }).click();
    await drawer.getByLabel('Projects', { exact: true }).fill('checkout');
    await page
      .getByRole('option', { name: 'component:default/checkout' })
      .click();
    await drawer.getByRole('button', { name: /^Type/ }).click();
    await page.getByRole('option', { name: 'Payments' }).click();
    await drawer
      .getByRole('textbox', { name: /^Name/ })
      .fill('Stripe Payments');

    // Inline validation before anything is sent.
    await drawer.getByLabel('URL 1', { exact: true }).fill('not a url');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('must be an absolute http(s) URL').waitFor();

    await drawer
      .getByLabel('URL 1', { exact: true })
      .fill('https://api.stripe.example/v1');
    await drawer.getByRole('button', { name: 'Add URL' }).click();
    await drawer
      .getByLabel('URL 2', { exact: true })
      .fill('https://dashboard.stripe.example');
    await drawer
      .getByLabel('Credential key 1', { exact: true })
      .fill('SECRET_KEY');
    await drawer.getByLabel('Secret value 1', { exact: true }).fill(CANARY);
    await drawer.getByRole('button', { name: 'Add credential' }).click();
    await drawer
      .getByLabel('Credential key 2', { exact: true })
      .fill('WEBHOOK_SIGNING_SECRET');
    await drawer
      .getByLabel('Secret value 2', { exact: true })
      .fill('whsec_e2e');
    await settled(drawer);
    await shot('drawer-add');
    await drawer.getByRole('button', { name: 'Save' }).click();

    await drawer.waitFor({ state: 'hidden' });
    const card = page
      .getByTestId('integration-card')
      .filter({ hasText: 'Stripe Payments' });
    await card.waitFor();
    assert.match(
      await card.innerText(),
      /Payments · api\.stripe\.example · 1 project/,
    );
  },
);

scenario('filters by type and by a credential key', async () => {
  // A second integration of another type, made through the API as another client would.
  const token = await guestToken();
  const res = await fetch(`${BACKEND}/api/integrations/integrations`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      name: 'Twilio Voice',
      type: 'telephony',
      urls: [{ url: 'https://api.twilio.example' }],
      projects: ['component:default/call-router'],
      credentials: [{ key: 'AUTH_TOKEN', value: 'tw-e2e' }],
    }),
  });
  assert.equal(res.status, 201);
  await page.reload();
  const cards = page.getByTestId('integration-card');
  await cards.filter({ hasText: 'Twilio Voice' }).waitFor();
  assert.equal(await cards.count(), 2);

  await page.getByRole('button', { name: /^Type/ }).click();
  await page.getByRole('option', { name: /Telephony \(1\)/ }).click();
  await page.keyboard.press('Escape');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="integration-card"]').length ===
      1,
  );
  assert.match(await cards.first().innerText(), /Twilio Voice/);
  assert.match(page.url(), /type=telephony/);

  await page.getByRole('button', { name: /^Type/ }).click();
  await page.getByRole('option', { name: /Telephony/ }).click();
  await page.keyboard.press('Escape');
  await page
    .getByRole('textbox', { name: 'Search', exact: true })
    .fill('webhook_signing');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="integration-card"]').length ===
      1,
  );
  assert.match(await cards.first().innerText(), /Stripe Payments/);
  assert.match(page.url(), /q=webhook_signing/);

  await page.getByRole('textbox', { name: 'Search', exact: true }).fill(CANARY); // values are never searchable
  await page.getByText('No integrations match these filters.').waitFor();
  await page.getByRole('textbox', { name: 'Search', exact: true }).fill('');
  await cards.nth(1).waitFor();
  await shot('integrations-page');
});

scenario('edits an integration and rotates a secret', async () => {
  const card = page
    .getByTestId('integration-card')
    .filter({ hasText: 'Stripe Payments' });
  await card.hover();
  await page.getByRole('button', { name: 'Edit Stripe Payments' }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit integration' });
  await drawer.waitFor();

  const secret = drawer.getByLabel('Secret value 1', { exact: true });
  assert.equal(await secret.inputValue(), '••••••••••••');
  assert.equal(
    await drawer
      .getByRole('textbox', { name: /^Name/ })
      .getAttribute('readonly'),
    '',
  );
  await secret.click();
  assert.equal(await secret.inputValue(), '');
  await secret.fill(ROTATED);
  await drawer.getByRole('button', { name: 'Save' }).click();
  await drawer.waitFor({ state: 'hidden' });

  // The save's toast sits over the drawer's Save until it closes by itself.
  await page.getByText('Saved Stripe Payments').waitFor({ state: 'hidden' });
  await card.hover();
  await page.getByRole('button', { name: 'Edit Stripe Payments' }).click();
  await settled(drawer);
  await shot('drawer-edit'); // before Reveal: secrets masked
  await drawer.getByRole('tab', { name: 'History' }).click();
  await drawer.getByText('Rotated credential: SECRET_KEY').waitFor();
  await drawer.getByRole('tab', { name: 'Details' }).click();
  await drawer.getByRole('button', { name: 'Reveal SECRET_KEY' }).click();
  await page.waitForFunction(
    value =>
      [...document.querySelectorAll('input')].some(i => i.value === value),
    ROTATED,
  );
  await drawer.getByRole('tab', { name: 'History' }).click();
  await drawer.getByText('Revealed credential: SECRET_KEY').waitFor();
  await drawer.getByRole('button', { name: 'Cancel' }).click();
  await drawer.waitFor({ state: 'hidden' });
});

scenario('copies a deep link that opens the drawer', async () => {
  const card = page
    .getByTestId('integration-card')
    .filter({ hasText: 'Twilio Voice' });
  await card.hover();
  await page.getByRole('button', { name: 'Copy link to Twilio Voice' }).click();
  await page.getByText(/Link (to Twilio Voice )?copied/).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, new RegExp(`^${APP}/integrations/[0-9a-f-]{36}$`));

  await page.goto(link);
  const drawer = page.getByRole('dialog', { name: 'Edit integration' });
  await drawer.waitFor();
  assert.equal(
    await drawer.getByRole('textbox', { name: /^Name/ }).inputValue(),
    'Twilio Voice',
  );

  await page.goto(`${APP}/integrations/00000000-0000-0000-0000-000000000000`);
  await page.getByText('Integration not found').waitFor();
});

scenario('lists the integration on the entity page tab', async () => {
  await page.goto(`${APP}/catalog/default/component/checkout/integrations`);
  const link = page.getByRole('link', { name: 'Stripe Payments' });
  await link.waitFor();
  assert.equal(
    await page.getByRole('link', { name: 'Twilio Voice' }).count(),
    0,
  );
  await shot('entity-tab');
  await link.click();
  await page.getByRole('dialog', { name: 'Edit integration' }).waitFor();
});

scenario('never shows a secret value in page text', async () => {
  await page.goto(`${APP}/integrations`);
  await page.getByTestId('integration-card').first().waitFor();
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes(CANARY) && !text.includes(ROTATED));
});
