import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../src/annual-reports/annual-report-rules.ts';
import { anomalyCases, notificationEmails, notifications, operators, users } from '../../src/db/schema.ts';
import { transact, type Deps } from '../../src/deps.ts';
import { MAIL_MAX_ATTEMPTS, startMailDispatcher } from '../../src/notifications/mail-dispatcher.ts';
import { notify } from '../../src/notifications/notify.ts';
import { sendDeadlineReminders } from '../../src/notifications/send-deadline-reminders.ts';
import { apiClient } from '../support/api-client.ts';
import { storedState } from '../support/state.ts';
import { createTestApp, type TestContext } from '../support/test-database.ts';

/**
 * Notifications through the API and the use cases that cause them, with the clock moved toward
 * deadlines; e-mail copies sent to a real SMTP server on this machine (smtp-server), and to a
 * port where nothing listens.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let ctx: TestContext;
let realNow: Date;
const { as, call, at } = apiClient(() => ctx);

const writtenProcedure = (deadline: Date, title = 'Suspension of the Central African Republic') => ({
  kind: 'written_procedure',
  title,
  body: 'Following the review mission, the Participants decide to suspend the Central African Republic.',
  deadline: deadline.toISOString(),
  effects: [{ type: 'status', participantCode: 'CF', status: 'suspended' }],
});

async function userId(db: Deps['db'], email: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row.id;
}

async function notifiedOf(db: Deps['db'], kind: string): Promise<{ email: string; params: unknown; link: string | null }[]> {
  return db
    .select({ email: users.email, params: notifications.params, link: notifications.link })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.kind, kind))
    .orderBy(users.email);
}

/** Everyone a written procedure goes to: the administrators of the eligible participants, and the observers. */
async function audienceOf(db: Deps['db'], eligible: string[]): Promise<string[]> {
  const people = await db.select({ email: users.email, roles: users.roles, participantCode: users.participantCode, kind: users.kind }).from(users);
  return people
    .filter((person) => person.kind === 'person')
    .filter((person) => (person.participantCode !== null && eligible.includes(person.participantCode) && person.roles.includes('participant_admin')) || person.roles.includes('observer'))
    .map((person) => person.email)
    .sort();
}

const filled = (text: string) => Object.fromEntries(REPORT_SECTIONS.map((section) => [section, `${text}: ${section}`]));

beforeAll(async () => {
  ctx = await createTestApp();
  realNow = new Date();
});
afterAll(async () => ctx?.close());

describe('in-app notifications', () => {
  let decisionId = '';
  let deadline: Date;
  let eligible: string[] = [];

  it('circulating a written procedure tells every eligible participant’s administrator and the observers, in the same transaction', async () => {
    at(realNow);
    deadline = new Date(realNow.getTime() + 3 * DAY);
    const response = await call('POST', '/api/decisions', 'chair@demo.test', writtenProcedure(deadline));
    expect(response.statusCode, response.body).toBe(201);
    const decision = response.json();
    decisionId = decision.id;
    eligible = decision.eligible;
    const told = await notifiedOf(ctx.deps.db, 'decision.circulated');
    const expected = await audienceOf(ctx.deps.db, eligible);
    expect(expected).toContain('admin.cf@demo.test');
    expect(expected).toContain('observer.csc@demo.test');
    expect(told.map((entry) => entry.email)).toEqual(expected);
    expect(told[0]).toMatchObject({ params: { reference: decision.reference, title: decision.title, deadline: deadline.toISOString() }, link: `/decisions/${decisionId}` });
    // staff who take no position are not told
    expect(told.map((entry) => entry.email)).not.toContain('exporter.cf@demo.test');
    // without SMTP_URL nothing is queued for e-mail
    expect(await ctx.deps.db.select().from(notificationEmails)).toEqual([]);
  });

  it('a refused circulation tells nobody and stores nothing', async () => {
    for (const email of ['chair@demo.test', 'admin.bw@demo.test']) await as(email);
    const before = await storedState(ctx.deps.db);
    const past = await call('POST', '/api/decisions', 'chair@demo.test', writtenProcedure(new Date(realNow.getTime() - HOUR)));
    expect(past.json().code).toBe('DECISION_DATE_INVALID');
    const notChair = await call('POST', '/api/decisions', 'admin.bw@demo.test', writtenProcedure(deadline));
    expect(notChair.json().code).toBe('FORBIDDEN');
    expect(await storedState(ctx.deps.db)).toEqual(before);
  });

  it('lists one’s own notifications, unread first, and marks them read; another user’s is not found', async () => {
    const listed = (await call('GET', '/api/notifications', 'admin.cf@demo.test')).json();
    expect(listed).toMatchObject({ total: 1, unread: 1, page: 1 });
    const [mine] = listed.items;
    expect(mine).toMatchObject({ kind: 'decision.circulated', readAt: null, link: `/decisions/${decisionId}` });

    for (const email of ['admin.bw@demo.test', 'exporter.cf@demo.test']) await as(email);
    const before = await storedState(ctx.deps.db);
    expect((await call('POST', `/api/notifications/${mine.id}/read`, 'admin.bw@demo.test')).json().code).toBe('NOT_FOUND');
    expect((await call('POST', `/api/notifications/${mine.id}/read`, 'exporter.cf@demo.test')).statusCode).toBe(404);
    expect((await call('POST', `/api/notifications/${mine.id}/read`, null)).statusCode).toBe(401);
    expect((await call('GET', '/api/notifications', 'exporter.cf@demo.test')).json()).toMatchObject({ total: 0, unread: 0, items: [] });
    expect(await storedState(ctx.deps.db)).toEqual(before);

    const read = await call('POST', `/api/notifications/${mine.id}/read`, 'admin.cf@demo.test');
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBe(realNow.toISOString());
    const again = await call('POST', `/api/notifications/${mine.id}/read`, 'admin.cf@demo.test');
    expect(again.json().readAt).toBe(realNow.toISOString());
    expect((await call('GET', '/api/notifications', 'admin.cf@demo.test')).json()).toMatchObject({ total: 1, unread: 0 });
  });

  it('reminds, once, the administrators whose participant has taken no position on a procedure closing within 48 hours', async () => {
    expect((await call('POST', `/api/decisions/${decisionId}/positions`, 'admin.bw@demo.test', { position: 'support' })).statusCode).toBe(201);
    // three days before: not yet
    expect(await sendDeadlineReminders(ctx.deps, new Date(deadline.getTime() - 3 * DAY + HOUR))).toBe(0);
    const close = new Date(deadline.getTime() - 47 * HOUR);
    const first = await sendDeadlineReminders(ctx.deps, close);
    const second = await sendDeadlineReminders(ctx.deps, new Date(close.getTime() + HOUR));
    expect(second).toBe(0);
    const reminded = (await notifiedOf(ctx.deps.db, 'reminder.decision_deadline')).map((entry) => entry.email);
    const admins = (await audienceOf(ctx.deps.db, eligible)).filter((email) => email.startsWith('admin.'));
    expect(reminded).toEqual(admins.filter((email) => email !== 'admin.bw@demo.test'));
    expect(first).toBe(reminded.length);

    const cf = (await call('GET', '/api/notifications', 'admin.cf@demo.test')).json();
    expect(cf.items.map((item: { kind: string }) => item.kind)).toEqual(['reminder.decision_deadline', 'decision.circulated']); // unread first
    expect(cf.items[0].params).toMatchObject({ participantCode: 'CF', deadline: deadline.toISOString() });
  });

  it('tells the same audience the result once the deadline has passed', async () => {
    at(new Date(deadline.getTime() + HOUR));
    expect((await call('GET', `/api/decisions/${decisionId}`, 'admin.cf@demo.test')).json().status).not.toBe('circulating');
    const told = await notifiedOf(ctx.deps.db, 'decision.decided');
    expect(told.map((entry) => entry.email)).toEqual(await audienceOf(ctx.deps.db, eligible));
    expect(told[0].params).toMatchObject({ result: expect.stringMatching(/^(adopted|blocked|not_adopted)$/) });
    const marked = await call('POST', '/api/notifications/read-all', 'admin.cf@demo.test');
    expect(marked.json()).toEqual({ marked: 2 });
    expect((await call('GET', '/api/notifications', 'admin.cf@demo.test')).json()).toMatchObject({ total: 3, unread: 0 });
  });

  it('a question on an annual report goes to the participant’s administrators, its answer to the Chair and the WGM', async () => {
    at('2027-02-10T09:00:00Z');
    const content = { partA: filled('South Africa baseline'), partB: filled('South Africa changes') };
    expect((await call('PUT', '/api/participants/ZA/annual-reports/2026', 'admin.za@demo.test', { content })).statusCode).toBe(200);
    expect((await call('POST', '/api/participants/ZA/annual-reports/2026/submit', 'admin.za@demo.test')).statusCode).toBe(200);
    const asked = await call('POST', '/api/participants/ZA/annual-reports/2026/messages', 'wgm@demo.test', { kind: 'question', body: 'Why did imports double?', language: 'en' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(await notifiedOf(ctx.deps.db, 'annual_report.question')).toEqual([{ email: 'admin.za@demo.test', params: { participantCode: 'ZA', year: '2026' }, link: '/annual-reports/ZA/2026' }]);
    const questionId = asked.json().messages.find((message: { kind: string }) => message.kind === 'question').id;
    const answered = await call('POST', '/api/participants/ZA/annual-reports/2026/messages', 'admin.za@demo.test', { kind: 'answer', questionId, body: 'A new mine.' });
    expect(answered.statusCode, answered.body).toBe(201);
    expect((await notifiedOf(ctx.deps.db, 'annual_report.answer')).map((entry) => entry.email)).toEqual(['chair@demo.test', 'wgm@demo.test']);
  });

  it('reminds, once, the administrators of participants whose annual report is due within 14 days and not submitted', async () => {
    expect(await sendDeadlineReminders(ctx.deps, new Date('2027-03-10T08:00:00Z'))).toBe(0); // 21 days before
    const first = await sendDeadlineReminders(ctx.deps, new Date('2027-03-20T08:00:00Z'));
    expect(first).toBeGreaterThan(0);
    expect(await sendDeadlineReminders(ctx.deps, new Date('2027-03-21T08:00:00Z'))).toBe(0);
    const reminded = await notifiedOf(ctx.deps.db, 'reminder.annual_report_due');
    expect(reminded).toHaveLength(first);
    expect(reminded.map((entry) => entry.email)).toContain('admin.ca@demo.test');
    expect(reminded.map((entry) => entry.email)).not.toContain('admin.za@demo.test'); // submitted
    expect(reminded.every((entry) => entry.email.startsWith('admin.'))).toBe(true);
    expect(reminded.find((entry) => entry.email === 'admin.ca@demo.test')).toMatchObject({ params: { participantCode: 'CA', year: '2026', due: '2027-03-31' }, link: '/annual-reports/CA/2026' });
  });

  it('an anomaly case raised tells the statistics officers and administrators of the participant concerned', async () => {
    at(realNow);
    const [exporter] = await ctx.deps.db.select().from(operators).where(eq(operators.licenceNumber, 'BW-DL-2024-0117'));
    const issued = await call('POST', '/api/certificates', 'exporter.bw@demo.test', {
      importingParticipant: 'AE',
      exporterId: exporter.id,
      importer: { name: 'Almas Rough Trading DMCC', address: 'Dubai', licence: 'AE-DMCC-2024-5531' },
      originCountries: ['BW'],
      parcels: [{ hsCode: '7102.31', carats: '100.00', valueUsd: '15000.00' }],
    });
    expect(issued.statusCode, issued.body).toBe(201);
    // never confirmed by the importer: the unconfirmed rule raises a case about AE
    at(new Date(realNow.getTime() + 90 * DAY));
    const run = await call('POST', '/api/anomalies/run', 'wgs@demo.test');
    expect(run.statusCode, run.body).toBe(200);
    const cases = await ctx.deps.db.select().from(anomalyCases);
    expect(cases.map((row) => row.participantCode)).toContain('AE');
    const told = await ctx.deps.db
      .select({ email: users.email, link: notifications.link })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.kind, 'anomaly.raised'));
    const expected = cases.flatMap((row) => [`admin.${row.participantCode.toLowerCase()}@demo.test`, `stats.${row.participantCode.toLowerCase()}@demo.test`].map((email) => `${email} /anomalies/${row.id}`));
    expect(told.map((entry) => `${entry.email} ${entry.link}`).sort()).toEqual(expected.sort());
  });
});

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** RFC 2047 encoded words (subjects) and quoted-printable bodies, as nodemailer writes them. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}
function parseMessage(raw: string): { subject: string; body: string } {
  const [head, ...rest] = raw.split(/\r\n\r\n/);
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const subject = decodeWords(/^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '');
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(unfolded)?.[1]?.trim().toLowerCase();
  const bodyText = rest.join('\r\n\r\n');
  const body =
    encoding === 'quoted-printable'
      ? Buffer.from(bodyText.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(bodyText, 'base64').toString('utf8')
        : bodyText;
  return { subject, body };
}

/** An SMTP server on this machine that keeps what it receives (no TLS, no authentication). */
async function startSmtpCapture() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port on which nothing listens: taken, then given back. */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('e-mail copies through SMTP', () => {
  let mailCtx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  const mail = apiClient(() => mailCtx);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    mailCtx = await createTestApp({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Kimberlite <kimberlite@kp.example.org>', publicUrl: 'https://kp.example.org' });
  });
  afterAll(async () => {
    await mailCtx?.close();
    await smtp?.close();
  });

  it('sends each recipient the notification in their own language, with the link, and marks it sent', async () => {
    mail.at(realNow);
    const deadline = new Date(realNow.getTime() + 5 * DAY);
    const created = await mail.call('POST', '/api/decisions', 'chair@demo.test', writtenProcedure(deadline, 'Suspension de la République centrafricaine'));
    expect(created.statusCode, created.body).toBe(201);
    const decision = created.json();
    const queued = await mailCtx.deps.db.select().from(notificationEmails);
    expect(queued.length).toBe((await notifiedOf(mailCtx.deps.db, 'decision.circulated')).length);
    expect(queued.every((row) => row.status === 'pending' && row.attempts === 0)).toBe(true);

    const dispatcher = startMailDispatcher(mailCtx.deps, { intervalMs: 3_600_000 });
    try {
      while ((await dispatcher.runOnce()) > 0);
    } finally {
      await dispatcher.stop();
    }
    expect(smtp.received).toHaveLength(queued.length);
    const sent = await mailCtx.deps.db.select().from(notificationEmails);
    expect(sent.every((row) => row.status === 'sent' && row.attempts === 1 && row.sentAt !== null)).toBe(true);

    // the Civil Society Coalition reads French
    const toCsc = smtp.received.filter((message) => message.to.includes('observer.csc@demo.test'));
    expect(toCsc).toHaveLength(1);
    expect(toCsc[0].from).toBe('kimberlite@kp.example.org');
    const french = parseMessage(toCsc[0].raw);
    expect(french.subject).toContain(`Procédure écrite ${decision.reference} diffusée`);
    expect(french.subject).toContain('Suspension de la République centrafricaine');
    const frenchDay = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(deadline);
    expect(french.subject).toContain(frenchDay);
    expect(french.body).toContain(`Ouvrir dans Kimberlite : https://kp.example.org/decisions/${decision.id}`);

    const english = parseMessage(smtp.received.find((message) => message.to.includes('admin.bw@demo.test'))!.raw);
    expect(english.subject).toContain(`Written procedure ${decision.reference} circulated`);
    expect(english.body).toContain(`Open in Kimberlite: https://kp.example.org/decisions/${decision.id}`);
  });

  it('keeps an e-mail the server could not take pending, counting attempts, and gives up after the last one', async () => {
    let clock = new Date(realNow.getTime() + DAY);
    const deadDeps: Deps = { ...mailCtx.deps, config: { ...mailCtx.deps.config, smtpUrl: `smtp://127.0.0.1:${await deadPort()}` }, now: () => clock };
    const wdc = await userId(mailCtx.deps.db, 'observer.wdc@demo.test');
    await transact(deadDeps, (tx) => notify(tx, { to: { userIds: [wdc] }, kind: 'anomaly.raised', params: { rule: 'mirror', participantCode: 'BW', period: '2025' }, link: '/anomalies' }, deadDeps));
    const [queued] = await mailCtx.deps.db
      .select({ email: notificationEmails })
      .from(notificationEmails)
      .innerJoin(notifications, eq(notifications.id, notificationEmails.notificationId))
      .where(and(eq(notifications.userId, wdc), eq(notifications.kind, 'anomaly.raised')));
    const row = async () => (await mailCtx.deps.db.select().from(notificationEmails).where(inArray(notificationEmails.id, [queued.email.id])))[0];

    const dispatcher = startMailDispatcher(deadDeps, { intervalMs: 3_600_000 });
    try {
      expect(await dispatcher.runOnce()).toBe(1);
      const failedOnce = await row();
      expect(failedOnce).toMatchObject({ status: 'pending', attempts: 1 });
      expect(failedOnce.lastError).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
      expect(failedOnce.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());
      expect(await dispatcher.runOnce()).toBe(0); // not before the retry is due

      for (let attempt = 2; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
        clock = new Date((await row()).nextAttemptAt.getTime() + 1000);
        expect(await dispatcher.runOnce()).toBe(1);
      }
      expect(await row()).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS, sentAt: null });
      clock = new Date(clock.getTime() + 30 * DAY);
      expect(await dispatcher.runOnce()).toBe(0);
    } finally {
      await dispatcher.stop();
    }
    // still told in the app
    expect((await notifiedOf(mailCtx.deps.db, 'anomaly.raised')).map((entry) => entry.email)).toEqual(['observer.wdc@demo.test']);
  });
});
