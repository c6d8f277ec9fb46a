/**
 * A zone-restricted shipment in real browsers: CF is put under zone restriction with one
 * compliant zone, issues a certificate from it, the public verification page says it awaits the
 * monitoring team, a member of the team approves it from the approvals queue, and the public page
 * then says it is valid. Needs `npm run build:web` first and Chromium at /usr/bin/chromium.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parcelSizeProfile } from '../support/size-profile.ts';
import { seedMonitoringTeam } from '../support/monitoring-team.ts';
import { browserSuite, expectAccessible, logIn, poll } from './support.ts';

const { openPage, deps } = browserSuite({ config: { demoGovernance: false } });
const today = () => new Date().toISOString().slice(0, 10);

async function publicVerdict(page: Page, seal: string) {
  await page.goto(`/verify?qr=${encodeURIComponent(seal)}`);
  const verdict = page.locator('.verdict');
  await verdict.waitFor();
  return { verdictClass: (await verdict.getAttribute('class')) ?? '', text: (await page.locator('main').textContent()) ?? '' };
}

let number = '';
let seal = '';

beforeAll(async () => {
  await seedMonitoringTeam(deps().db, { code: 'MT-CF', subject: 'CF', members: ['admin.za@demo.test'], since: '2026-01-01' });
  const chair = await openPage();
  await logIn(chair, 'chair@demo.test');
  const decision = await chair.request.post('/api/decisions', {
    data: {
      kind: 'plenary',
      title: 'Administrative decision on the Central African Republic',
      body: 'Exports resume from compliant zones.',
      meeting: 'Plenary',
      communique: 'Communiqué',
      adoptedOn: today(),
      effectiveOn: today(),
      effects: [
        { type: 'status', participantCode: 'CF', status: 'zone_restricted' },
        { type: 'compliant_zone', participantCode: 'CF', zone: { name: 'Berbérati' } },
      ],
    },
  });
  expect(decision.status()).toBe(201);
  const exporter = await openPage();
  await logIn(exporter, 'exporter.cf@demo.test');
  const zones = (await (await exporter.request.get('/api/participants/CF/zones')).json()) as { id: string }[];
  const operators = (await (await exporter.request.get('/api/participants/CF/operators')).json()) as { id: string; licenceNumber: string }[];
  const issued = await exporter.request.post('/api/certificates', {
    data: {
      importingParticipant: 'BW',
      exporterId: operators.find((row) => row.licenceNumber === 'CF-BA-2025-0012')!.id,
      importer: { name: 'Okavango Diamond Company', address: 'Gaborone', licence: 'BW-DL-2024-0001' },
      originCountries: ['CF'],
      parcels: [{ hsCode: '7102.31', carats: '420.00', valueUsd: '105000.00', sizeProfile: parcelSizeProfile('CF') }],
      originZoneId: zones[0].id,
    },
  });
  expect(issued.status()).toBe(201);
  ({ number, seal } = (await issued.json()) as { number: string; seal: string });
}, 120_000);

describe('zone-restricted shipment', () => {
  it('is not valid on the public page while it awaits the monitoring team', async () => {
    const result = await publicVerdict(await openPage(), seal);
    expect(result.verdictClass).toContain('verdict-invalid');
    expect(result.text).toContain('awaits the approval of monitoring team MT-CF');
    expect(result.text).toContain('Berbérati');
  });

  it('is approved by a member of the team from the approvals queue, and is then valid', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'admin.za@demo.test');
    await page.getByRole('link', { name: 'Shipment approvals' }).click();
    const card = page.getByTestId(`shipment-${number}`);
    await card.waitFor();
    await expect(card.getByTestId('approval-state').textContent()).resolves.toBe('awaiting approval');
    await expectAccessible(page, 'shipment approvals');
    await page.getByTestId(`approval-note-${number}`).fill('Parcel checked at Berbérati');
    await page.getByTestId(`approve-${number}`).click();
    await page.getByTestId('approval-notice').waitFor();
    await poll(async () => page.getByTestId('approvals-empty').isVisible()).toBe(true);

    const result = await publicVerdict(await openPage(), seal);
    expect(result.verdictClass).toContain('verdict-valid');
    expect(result.text).toContain('Monitoring team MT-CF approved the shipment.');
  });

  it('shows the approval on the certificate page of the importer', async () => {
    const page = await openPage();
    await logIn(page, 'importer.bw@demo.test');
    await page.goto(`/certificates/${number}`);
    const section = page.getByTestId('certificate-approval');
    await section.waitFor();
    await expect(section.getByTestId('approval-state').textContent()).resolves.toBe('approved');
  });

  it('shows the compliant zone on the participant page and the embargo register to the Chair', async () => {
    const page = await openPage({ bypassCSP: true });
    await logIn(page, 'chair@demo.test');
    await page.goto('/participants/CF');
    await expect(page.getByTestId('zones-table').textContent()).resolves.toContain('Berbérati');
    await page.getByRole('link', { name: 'Embargoes' }).click();
    await expect(page.getByTestId('embargoes-table').textContent()).resolves.toContain('UN Security Council resolution 1643');
    await expect(page.getByTestId('embargo-add').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'embargoes');
  });
});
