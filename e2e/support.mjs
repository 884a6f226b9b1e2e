// Shared by the end-to-end files: where the portal runs, Debian's Chromium
// started the way it works on these machines, screenshots, and sign-in.
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const APP = process.env.E2E_APP_URL ?? 'http://localhost:3017';
export const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://localhost:7017';
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? 'e2e-artifacts';

// Without the background-networking flags Chromium keeps dialing out on a closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A token of the guest user, as the sign-in page gets it. */
export async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token;
}

/** The dev config's static token: restricted to this plugin and credential use. */
export const SERVICE_TOKEN = 'dev-only-external-token-change-me-0123456789';

/** A request to the Integrations API as the guest, with a JSON body when given. */
export async function guestFetch(path, init = {}) {
  return fetch(`${BACKEND}/api/integrations${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${await guestToken()}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
}

/** One Chromium with a fresh profile for one test file. */
export class E2EBrowser {
  page;
  #context;
  #profileDir;

  async open({ viewport = { width: 1440, height: 900 }, permissions } = {}) {
    this.#profileDir = mkdtempSync(join(tmpdir(), 'integrations-chromium-'));
    this.#context = await chromium.launchPersistentContext(this.#profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
    });
    if (permissions) {
      await this.#context.grantPermissions(permissions, { origin: APP });
    }
    this.page = await this.#context.newPage();
    this.page.setDefaultTimeout(30_000);
    return this.page;
  }

  /** Opens a portal path and signs in as the guest. */
  async signIn(path) {
    await this.page.goto(`${APP}${path}`);
    await this.page.getByRole('button', { name: 'Enter' }).click();
  }

  shot = name =>
    this.page.screenshot({
      path: join(ARTIFACTS, `${name}.png`),
      fullPage: true,
    });

  /** A screenshot of one part of the page, e.g. a section of the drawer. */
  shotOf = (locator, name) =>
    locator.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  /** A test that leaves a screenshot of what the user saw when it fails. */
  scenario = (name, fn) =>
    test(name, async () => {
      try {
        await fn();
      } catch (error) {
        await this.shot(`failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
        throw error;
      }
    });

  async close() {
    await this.#context?.close();
    if (this.#profileDir) {
      rmSync(this.#profileDir, { recursive: true, force: true });
    }
  }
}

/**
 * Waits until the drawer (or menu) holding `dialog` stands still: it slides
 * in, its tab indicator slides and its labels shrink, so a screenshot taken
 * right after an action catches them half way. Spinners (CSS animations) do
 * not count.
 */
export async function settled(dialog) {
  await dialog.waitFor();
  await dialog.evaluate(
    el =>
      new Promise(resolve => {
        const paper = el.closest('.MuiPaper-root') ?? el;
        let last;
        let still = 0;
        const frame = () => {
          const left = paper.getBoundingClientRect().left;
          const moving = paper
            .getAnimations({ subtree: true })
            .some(a => a instanceof CSSTransition && a.playState === 'running');
          still = !moving && left === last ? still + 1 : 0;
          last = left;
          if (still >= 5) resolve();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
}

/**
 * Opens an integration's drawer by its URL and waits until it stands still.
 * The dev backend restarts when sources change, which can ask for sign-in again.
 */
export async function openIntegrationDrawer(page, integrationId) {
  await page.goto(`${APP}/integrations/${integrationId}`);
  const drawer = page.getByRole('dialog', { name: 'Edit integration' });
  const enter = page.getByRole('button', { name: 'Enter' });
  await drawer.or(enter).first().waitFor();
  if (await enter.isVisible()) await enter.click();
  await settled(drawer);
  return drawer;
}
