import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';
import { startServer, type Running } from '../../src/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AXE_PATH = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'demo-password';

/**
 * One in-process demo server (PGlite in memory, the built SPA) and one Debian Chromium for a
 * test file. Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
export function browserSuite({ demoMonths = 1, config = {} }: { demoMonths?: number; /** Settings for this file's server, e.g. `{ writtenProcedureSupportPercent: 5 }`. */ config?: Partial<Config> } = {}) {
  let running: Running;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/dist/index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first');
    running = await startServer(
      loadConfig({}, { port: 0, host: '127.0.0.1', demo: true, demoMonths, dataDir: 'memory://', databaseUrl: null, loginRateLimitPerMinute: 10000, ...config }),
      { logger: false },
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await running?.close();
  });

  /** A fresh browser profile (no cookie, no remembered language), English browser unless told. */
  async function openPage({ locale = 'en-US', bypassCSP = false } = {}): Promise<Page> {
    const context = await browser.newContext({ baseURL: running.url, locale, bypassCSP, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  /** The server's dependencies: a test may move its clock (`deps().now`) past a deadline. */
  return { openPage, url: () => running.url, deps: (): Deps => running.deps };
}

/** Retries until the UI has caught up with the request (expect.poll with a browser-sized timeout). */
/** Signs a demo account in through the login page (English labels) and waits for the staff app. */
export async function logIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: /./ }).waitFor();
}

export function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

export async function chooseLanguage(page: Page, language: string) {
  await page.getByTestId('language-switcher').selectOption(language);
}

/** Injects axe-core (needs a context with bypassCSP) and fails on serious or critical violations. */
export async function expectAccessible(page: Page, label: string) {
  await page.waitForLoadState('networkidle');
  // A menu just used closes with a transition, its items already gone: judge the page once it has left.
  await page
    .locator('[role="menu"]')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected at run time
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return (result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]).map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  });
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (serious.length > 0) console.error(`axe violations on ${label}:\n${JSON.stringify(serious, null, 2)}`);
  expect(serious.map((violation) => `${label}: ${violation.id} (${violation.impact}) ${violation.targets.join(', ')}`)).toEqual([]);
}
