/**
 * KP decisions in real browsers (issue #6): the Chair circulates a written procedure suspending
 * the Central African Republic, participants' administrators support it, an observer comments;
 * at the deadline it is adopted, and from its effective date CAR can no longer issue and nobody
 * can ship to it, while a certificate CAR issued before still verifies as issued in good
 * standing; a plenary decision then readmits CAR. And one objection blocks a procedure.
 *
 * The server's clock is moved past deadlines (`deps().now`); sessions are made to outlast the
 * jump. Needs `npm run build:web` first and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parcelSizeProfile } from '../support/size-profile.ts';
import { browserSuite, chooseLanguage, expectAccessible, logIn, poll } from './support.ts';

/** Low enough that a handful of demo administrators can adopt a procedure; the figure itself is a setting (UNVERIFIED). */
const SUPPORT_PERCENT = 5;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const { openPage, deps } = browserSuite({ config: { writtenProcedureSupportPercent: SUPPORT_PERCENT, sessionTtlMinutes: 3 * 24 * 60, demoGovernance: false } });

/** Moves the server's clock so that it reads `target` now, and keeps it running from there. */
function serverClockAt(target: Date) {
  const offset = target.getTime() - Date.now();
  deps().now = () => new Date(Date.now() + offset);
}

/** `YYYY-MM-DDTHH:mm` in the local time zone (the browser's is the machine's), as a datetime-local field takes it. */
function localMinute(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

async function pickCountry(page: Page, label: RegExp, name: string) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
  await page.keyboard.press('Escape');
}

/**
 * Fills the issue form (not sent): one parcel of rough diamonds, with its size-frequency profile
 * when given (an origin on the WGDE's list, as the demo's Central African Republic, needs one).
 */
async function fillCertificate(
  page: Page,
  { destination, exporterLicence, origin, sizeProfile }: { destination: string; exporterLicence: string; origin: string; sizeProfile?: ReturnType<typeof parcelSizeProfile> },
) {
  await page.goto('/certificates/new');
  await page.getByRole('heading', { level: 1, name: 'Issue a certificate' }).waitFor();
  const destinationSelect = page.getByLabel(/^Importing participant/);
  await poll(() => destinationSelect.locator('option').count()).toBeGreaterThan(10);
  await destinationSelect.selectOption(destination);
  const exporter = page.getByLabel(/^Exporter/);
  const label = (await exporter.locator('option').allTextContents()).find((text) => text.includes(exporterLicence));
  expect(label).toBeDefined();
  await exporter.selectOption({ label: label! });
  await page.getByLabel(/^Importer name/).fill('Importer (test)');
  await page.getByLabel(/^Importer licence/).fill('IMP-TEST-1');
  await page.getByLabel(/^Importer address/).fill('Somewhere (test)');
  await pickCountry(page, /^Countries of origin/, origin);
  const parcel = page.getByRole('group', { name: 'Parcel 1' });
  await parcel.getByLabel(/^Carats/).fill('420.00');
  await parcel.getByLabel(/^Value \(US\$\)/).fill('105000.00');
  if (sizeProfile) {
    await parcel.getByRole('checkbox', { name: 'Attach a size-frequency profile' }).check();
    await parcel.getByLabel(/^Classes, one per line/).fill(sizeProfile.classes.map((entry) => `${entry.code} ${entry.stones} ${entry.carats}`).join('\n'));
  }
}

async function openDecision(page: Page, id: string) {
  await page.goto(`/decisions/${id}`);
  await page.getByTestId('decision-summary').waitFor();
}

async function takePosition(page: Page, position: 'Support' | 'Object', comment?: string) {
  const form = page.getByTestId('position-form');
  await form.getByRole('radio', { name: position }).check();
  if (comment) await form.getByLabel(/^Comment/).fill(comment);
  await form.getByRole('button', { name: 'Record the position' }).click();
  await poll(() => page.getByTestId('decision-notice').textContent()).toMatch(/^The position of .+ has been recorded\.$/);
}

describe('decisions', () => {
  it('a written procedure suspends the Central African Republic at its deadline; a plenary decision readmits it', async () => {
    // CAR issues a certificate while in good standing
    const car = await openPage();
    await logIn(car, 'exporter.cf@demo.test');
    const operators = (await (await car.request.get('/api/participants/CF/operators')).json()) as { id: string; licenceNumber: string }[];
    const berberati = operators.find((row) => row.licenceNumber === 'CF-BA-2025-0012')!;
    const issued = await car.request.post('/api/certificates', {
      headers: { 'idempotency-key': `browser-decisions-${Date.now()}` },
      data: {
        importingParticipant: 'BW',
        exporterId: berberati.id,
        importer: { name: 'Okavango Diamond Company', address: 'Gaborone', licence: 'BW-DL-2024-0001' },
        originCountries: ['CF'],
        parcels: [{ hsCode: '7102.31', carats: '120.00', valueUsd: '30000.00', sizeProfile: parcelSizeProfile('CF') }],
      },
    });
    expect(issued.status()).toBe(201);
    const earlier = (await issued.json()) as { number: string; seal: string };

    // the Chair circulates the draft through the form
    const chair = await openPage({ bypassCSP: true });
    await logIn(chair, 'chair@demo.test');
    await chair.getByRole('navigation').getByRole('link', { name: 'Decisions' }).click();
    await chair.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
    await chair.getByRole('main').getByRole('link', { name: 'New decision' }).click();
    await chair.getByRole('heading', { level: 1, name: 'New decision' }).waitFor();
    expect(await chair.getByRole('radio', { name: 'Written procedure' }).isChecked()).toBe(true);
    // checked before anything is sent
    await chair.getByRole('button', { name: 'Circulate the draft' }).click();
    await poll(() => chair.getByText('Some fields need attention.').count()).toBe(1);
    expect(await chair.getByText('This field is required.').count()).toBe(3);

    const deadline = new Date(Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE);
    const effectiveOn = dayOf(new Date(deadline.getTime() + DAY));
    await chair.getByLabel(/^Title/).fill('Suspension of the Central African Republic (test)');
    await chair.getByLabel(/^Text of the decision/).fill('Following the review mission, the Participants decide to suspend the Central African Republic.');
    await chair.getByLabel(/^Deadline/).fill(localMinute(deadline));
    await chair.getByLabel(/^Effective from \(optional\)/).fill(effectiveOn);
    await chair.getByRole('button', { name: 'Add an effect' }).click();
    const effect = chair.getByRole('group', { name: 'Effect 1' });
    await effect.getByLabel(/^Participant/).selectOption('CF');
    const newStatus = effect.getByLabel(/^New status/);
    expect(await newStatus.locator('option[value="suspended"]').textContent()).toBe('Suspended — Suspension of Central African Republic');
    // a status the participant already has is refused in the browser
    await newStatus.selectOption('participant');
    await chair.getByRole('button', { name: 'Circulate the draft' }).click();
    await poll(() => effect.getByText('The participant already has this status.').count()).toBe(1);
    await newStatus.selectOption('suspended');
    await expectAccessible(chair, 'decision form');
    await chair.getByRole('button', { name: 'Circulate the draft' }).click();

    await chair.waitForURL(/\/decisions\/[0-9a-f-]{36}$/);
    const id = new URL(chair.url()).pathname.split('/').pop()!;
    await poll(() => chair.getByTestId('decision-notice').textContent()).toBe('The draft has been circulated for written procedure.');
    const circulated = (await (await chair.request.get(`/api/decisions/${id}`)).json()) as { reference: string; eligible: string[]; requiredSupport: number; deadline: string };
    expect(new Date(circulated.deadline).getTime()).toBe(deadline.getTime()); // the local time was sent with its offset
    expect(circulated.requiredSupport).toBe(Math.max(1, Math.ceil((circulated.eligible.length * SUPPORT_PERCENT) / 100)));
    const summary = chair.getByTestId('decision-summary');
    expect(await summary.getByTestId('decision-status').textContent()).toBe('Circulating');
    expect(await summary.getByTestId('closes-in').textContent()).toMatch(/closes in (9|10|11) minutes/);
    expect(await chair.getByRole('heading', { level: 1 }).textContent()).toBe(`${circulated.reference} — Suspension of the Central African Republic (test)`);
    expect(await chair.getByTestId('decision-effects').textContent()).toContain('Suspension of Central African Republic — applies from the effective date if adopted');
    expect(await chair.getByTestId('count-required').textContent()).toBe(String(circulated.requiredSupport));
    expect(await chair.getByTestId('count-silent').textContent()).toBe(String(circulated.eligible.length));
    expect(await chair.getByTestId('position-form').count()).toBe(0); // the Chair does not take positions
    await expectAccessible(chair, 'circulating decision (Chair)');

    // participants' administrators support it, as many as the required support
    const supporters = ['bw', 'za', 'ae', 'ru', 'ca', 'in', 'us'].slice(0, circulated.requiredSupport);
    for (const [index, code] of supporters.entries()) {
      const admin = await openPage({ bypassCSP: index === 0 });
      await logIn(admin, `admin.${code}@demo.test`);
      await admin.getByRole('navigation').getByRole('link', { name: 'Decisions' }).click();
      const row = admin.getByTestId('decisions-table').getByRole('row', { name: new RegExp(circulated.reference.replace('/', '\\/')) });
      await poll(() => row.getByTestId('position-awaited').count()).toBe(1);
      expect(await admin.getByTestId('awaiting-summary').textContent()).toContain('awaiting your participant’s position: 1');
      if (index === 0) await expectAccessible(admin, 'decision list (position awaited)');
      await row.getByRole('link', { name: circulated.reference }).click();
      await admin.getByTestId('position-form').waitFor();
      expect(await admin.getByTestId('position-awaited').count()).toBe(1);
      await takePosition(admin, 'Support', index === 0 ? 'The mission report leaves no doubt (test).' : undefined);
      await poll(() => admin.getByTestId('count-support').textContent()).toBe(String(index + 1));
      expect(await admin.getByTestId('current-position').textContent()).toContain('Supports');
      expect(await admin.getByTestId('position-awaited').count()).toBe(0);
      if (index === 0) {
        expect(await admin.getByTestId('decision-positions').textContent()).toContain('The mission report leaves no doubt (test).');
        await expectAccessible(admin, 'decision with position form');
      }
    }

    // an observer comments, and takes no position
    const observer = await openPage();
    await logIn(observer, 'observer.csc@demo.test');
    await openDecision(observer, id);
    expect(await observer.getByTestId('position-form').count()).toBe(0);
    await observer.getByLabel(/^Comment/).fill('Civil society supports the suspension (test).');
    await observer.getByRole('button', { name: 'Add comment' }).click();
    await poll(() => observer.getByTestId('decision-comments').textContent()).toContain('Civil society supports the suspension (test).');
    expect(await observer.getByTestId('decision-notice').textContent()).toBe('Your comment has been added.');

    // forms opened while CAR is in good standing, sent after the suspension takes effect
    const botswana = await openPage();
    await logIn(botswana, 'exporter.bw@demo.test');
    await fillCertificate(botswana, { destination: 'CF', exporterLicence: 'BW-DL-2024-0117', origin: 'Botswana' });
    await fillCertificate(car, { destination: 'BW', exporterLicence: 'CF-BA-2025-0012', origin: 'Central African Republic', sizeProfile: parcelSizeProfile('CF') });

    // the deadline passes, and the effective date arrives
    serverClockAt(new Date(Math.max(deadline.getTime() + MINUTE, Date.parse(`${effectiveOn}T00:05:00Z`))));
    await chair.reload();
    await poll(() => chair.getByTestId('decision-summary').getByTestId('decision-status').textContent()).toBe('Adopted');
    expect(await chair.getByTestId('decision-effects').textContent()).toContain('Suspension of Central African Republic — applied');
    expect(await chair.getByTestId('who-support').textContent()).toContain('Botswana');
    expect(await chair.getByTestId('count-support').textContent()).toBe(String(supporters.length));
    expect(await chair.getByTestId('decision-comments').textContent()).toContain('Civil society supports the suspension (test).');
    expect(await chair.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await expectAccessible(chair, 'adopted decision');

    await car.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => car.getByRole('alert').filter({ hasText: 'cannot issue certificates while its status is' }).count()).toBe(1);
    await botswana.getByRole('button', { name: 'Issue certificate' }).click();
    await poll(() => botswana.getByRole('alert').filter({ hasText: 'is not a Participant in good standing' }).count()).toBe(1);
    // a form opened now no longer offers CAR
    await botswana.reload();
    const destination = botswana.getByLabel(/^Importing participant/);
    await poll(() => destination.locator('option').count()).toBeGreaterThan(10);
    expect(await destination.locator('option[value="CF"]').isDisabled()).toBe(true);

    // the certificate CAR issued before the effective date still verifies as issued in good standing
    const visitor = await openPage();
    await visitor.goto('/verify');
    await visitor.locator('textarea[name=qr]').fill(earlier.seal);
    await visitor.locator('textarea[name=qr]').locator('xpath=ancestor::form').locator('button[type=submit]').click();
    await visitor.locator('.verdict').waitFor();
    expect(await visitor.locator('main').textContent()).toContain('Central African Republic was a participant in good standing on the date of issue.');

    // the Chair records the readmission decided in plenary
    await chair.goto('/decisions/new');
    await chair.getByRole('radio', { name: 'Plenary decision' }).check();
    await chair.getByLabel(/^Title/).fill('Readmission of the Central African Republic (test)');
    await chair.getByLabel(/^Text of the decision/).fill('The Plenary lifts the suspension of the Central African Republic.');
    await chair.getByLabel(/^Meeting/).fill('Extraordinary Plenary (test)');
    await chair.getByLabel(/^Communiqué/).fill('Communiqué of the extraordinary Plenary (test)');
    await chair.getByLabel(/^Adopted on/).fill(effectiveOn);
    await chair.getByLabel(/^Effective from/).fill(effectiveOn);
    await chair.getByRole('button', { name: 'Add an effect' }).click();
    const readmission = chair.getByRole('group', { name: 'Effect 1' });
    await readmission.getByLabel(/^Participant/).selectOption('CF');
    await poll(() => readmission.getByLabel(/^New status/).locator('option[value="participant"]').textContent()).toBe('Participant — Readmission of Central African Republic');
    await readmission.getByLabel(/^New status/).selectOption('participant');
    await chair.getByRole('button', { name: 'Record the decision' }).click();
    await chair.waitForURL(/\/decisions\/[0-9a-f-]{36}$/);
    await poll(() => chair.getByTestId('decision-notice').textContent()).toBe('The decision has been recorded and its effects applied.');
    expect(await chair.getByTestId('decision-status').textContent()).toBe('Adopted');
    expect(await chair.getByTestId('decision-effects').textContent()).toContain('Readmission of Central African Republic — applied');
    expect(await chair.getByTestId('decision-summary').textContent()).toContain('Extraordinary Plenary (test)');

    // both decisions on CAR's page
    await chair.goto('/participants/CF');
    const about = chair.getByTestId('participant-decisions');
    await poll(() => about.getByRole('link').count()).toBe(2);
    expect(await about.textContent()).toContain(circulated.reference);

    // and CAR issues again
    await car.getByRole('button', { name: 'Issue certificate' }).click();
    await car.waitForURL(/\/certificates\/CF-\d{4}-\d{6}$/);
  }, 240_000);

  it('one objection blocks a written procedure', async () => {
    const chair = await openPage({ bypassCSP: true });
    await logIn(chair, 'chair@demo.test');
    const deadline = new Date(deps().now().getTime() + 30 * MINUTE);
    const created = await chair.request.post('/api/decisions', {
      data: { kind: 'written_procedure', title: 'Blocked by one objection (test)', body: 'Text.', deadline: deadline.toISOString() },
    });
    expect(created.status()).toBe(201);
    const { id, reference } = (await created.json()) as { id: string; reference: string };

    const china = await openPage();
    await logIn(china, 'admin.cn@demo.test');
    await openDecision(china, id);
    await takePosition(china, 'Object', 'Not acceptable (test).');
    await poll(() => china.getByTestId('count-objections').textContent()).toBe('1');
    const botswana = await openPage();
    await logIn(botswana, 'admin.bw@demo.test');
    await openDecision(botswana, id);
    await takePosition(botswana, 'Support');

    serverClockAt(new Date(deadline.getTime() + MINUTE));
    await openDecision(chair, id);
    await poll(() => chair.getByTestId('decision-status').textContent()).toBe('Blocked');
    expect(await chair.getByTestId('who-objections').textContent()).toContain('China');
    expect(await chair.getByTestId('who-support').textContent()).toContain('Botswana');
    expect(await chair.getByTestId('decision-positions').textContent()).toContain('Not acceptable (test).');

    await chair.goto('/decisions?status=blocked');
    const row = chair.getByTestId('decisions-table').getByRole('row', { name: new RegExp(reference.replace('/', '\\/')) });
    await poll(() => row.getByTestId('decision-status').textContent()).toBe('Blocked');
    expect(await chair.getByLabel('Status').inputValue()).toBe('blocked');
    await expectAccessible(chair, 'decision list (blocked)');

    await openDecision(chair, id);
    await chooseLanguage(chair, 'ar');
    await poll(() => chair.getByTestId('decision-status').textContent()).toBe('معرقَل');
    expect(await chair.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(chair, 'blocked decision (ar)');
    await chooseLanguage(chair, 'en');

    // the Chair withdraws another procedure before its deadline, with a note
    const other = await chair.request.post('/api/decisions', {
      data: { kind: 'written_procedure', title: 'To be withdrawn (test)', body: 'Text.', deadline: new Date(deps().now().getTime() + 30 * MINUTE).toISOString() },
    });
    expect(other.status()).toBe(201);
    await openDecision(chair, ((await other.json()) as { id: string }).id);
    await chair.getByRole('button', { name: 'Withdraw' }).click();
    const dialog = chair.getByRole('dialog', { name: /^Withdraw WP/ });
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await poll(() => dialog.getByText('This field is required.').count()).toBe(1);
    await dialog.getByLabel(/^Note/).fill('Superseded by the plenary (test).');
    await dialog.getByRole('button', { name: 'Withdraw' }).click();
    await poll(() => chair.getByRole('dialog').count()).toBe(0);
    await poll(() => chair.getByTestId('decision-status').textContent()).toBe('Withdrawn');
    expect(await chair.getByTestId('decision-notice').textContent()).toBe('The written procedure has been withdrawn.');
    expect(await chair.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    expect(await chair.getByRole('row', { name: /Reason for withdrawal/ }).textContent()).toContain('Superseded by the plenary (test).');
  }, 180_000);
});
