// The consumer test's look at the built bundle: Chromium opens the Integrations page of the
// scratch app (served by its backend) as the guest and saves a screenshot.
// Usage: node browse.mjs <scratch app base URL> <screenshot dir>
const [base, artifacts] = process.argv.slice(2);
process.env.E2E_APP_URL = base;
process.env.E2E_BACKEND_URL = base;
process.env.E2E_ARTIFACTS = artifacts;
const { E2EBrowser } = await import('../../e2e/support.mjs');

const browser = new E2EBrowser();
const page = await browser.open();
const errors = [];
page.on('pageerror', error => errors.push(error.message));
try {
  await browser.signIn('/integrations');
  // The framework's page header names the page; our content renders below it.
  await page.getByRole('heading', { name: 'Integrations' }).first().waitFor();
  // The search box, or (for a guest without rights) the no-access state in its place.
  await page
    .getByRole('textbox', { name: 'Search', exact: true })
    .or(page.getByText('No access to integrations'))
    .first()
    .waitFor();
  await browser.shot('consumer-integrations-page');
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  console.log(
    `[consumer] Chromium loads the Integrations page of the production bundle ok (${artifacts}/consumer-integrations-page.png)`,
  );
} catch (error) {
  await browser.shot('consumer-integrations-page-failed').catch(() => {});
  console.error(`[consumer] FAILED in Chromium: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
