import { eq, sql } from 'drizzle-orm';
import { addAnnualReportMessage } from '../annual-reports/review-annual-report.ts';
import { REPORT_SECTIONS, type ReportContent } from '../annual-reports/annual-report-rules.ts';
import { saveAnnualReport, submitAnnualReport } from '../annual-reports/write-annual-report.ts';
import { decisions, users } from '../db/schema.ts';
import { commentOnDecision } from '../decisions/comment-on-decision.ts';
import { createDecision } from '../decisions/create-decision.ts';
import { takePosition } from '../decisions/take-position.ts';
import type { Deps } from '../deps.ts';
import { toActor } from '../users/user-repository.ts';

async function actor(deps: Deps, email: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.email, email));
  if (!row) throw new Error(`demo account missing: ${email}`);
  return toActor(row, 'session');
}

/** Demo text of a report: one short answer per section, marked as demo content. */
function demoReport(participant: string): ReportContent {
  const answer = (part: string, section: string) => `(demo) ${participant}, ${part}: ${section.replaceAll('_', ' ')} — as described in the previous report.`;
  return {
    partA: Object.fromEntries(REPORT_SECTIONS.map((section) => [section, answer('baseline', section)])) as ReportContent['partA'],
    partB: Object.fromEntries(REPORT_SECTIONS.map((section) => [section, 'No change since the last report. (demo)'])) as ReportContent['partB'],
  };
}

/**
 * Governance for the demo, through the same use cases officials use: an adopted plenary decision
 * with no effect on anyone, a written procedure circulating for two weeks with a few positions and
 * an observer's comment, and last year's annual reports of three participants (one with an open
 * question from the WGM). Nothing here changes a participant's status. Runs once.
 */
export async function seedDemoGovernance(deps: Deps): Promise<void> {
  const [{ existing }] = await deps.db.select({ existing: sql<number>`count(*)::int` }).from(decisions);
  if (existing > 0) return;
  const now = deps.now();
  const year = now.getUTCFullYear();
  const chair = await actor(deps, 'chair@demo.test');

  await createDecision(
    {
      actor: chair,
      draft: {
        kind: 'plenary',
        title: 'Terms of reference of the ad hoc committee on review and reform (demo)',
        body: 'The Plenary adopts the terms of reference of the ad hoc committee and asks it to report to the next Plenary. (Demo decision: it changes no participant’s status.)',
        meeting: `Plenary meeting (demo), November ${year - 1}`,
        communique: `Final communiqué of the ${year - 1} Plenary (demo)`,
        adoptedOn: `${year - 1}-11-15`,
        effectiveOn: `${year - 1}-11-15`,
        effects: [],
        sharedWithObservers: true,
      },
    },
    deps,
  );
  const procedure = await createDecision(
    {
      actor: chair,
      draft: {
        kind: 'written_procedure',
        title: 'Harmonised electronic certificate format (demo)',
        body: 'Participants are invited to approve the electronic certificate format and trust list as the common format for exchange between national systems. (Demo written procedure: no effect on any participant’s status.)',
        deadline: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
        effects: [],
        sharedWithObservers: true,
      },
    },
    deps,
  );
  for (const email of ['admin.bw@demo.test', 'admin.za@demo.test', 'admin.ca@demo.test']) {
    await takePosition({ actor: await actor(deps, email), id: procedure.id, draft: { position: 'support' } }, deps);
  }
  await commentOnDecision(
    { actor: await actor(deps, 'observer.csc@demo.test'), id: procedure.id, draft: { body: 'Civil society welcomes the format and asks that verification stay free for the public.', language: 'en' } },
    deps,
  );

  const reportYear = year - 1;
  for (const [code, email] of [
    ['BW', 'admin.bw@demo.test'],
    ['CA', 'admin.ca@demo.test'],
    ['ZA', 'admin.za@demo.test'],
  ] as const) {
    const admin = await actor(deps, email);
    await saveAnnualReport({ actor: admin, participantCode: code, year: reportYear, content: demoReport(code) }, deps);
    if (code !== 'ZA') await submitAnnualReport({ actor: admin, participantCode: code, year: reportYear }, deps);
  }
  await addAnnualReportMessage(
    {
      actor: await actor(deps, 'wgm@demo.test'),
      participantCode: 'BW',
      year: reportYear,
      kind: 'question',
      body: 'Please explain the change in exports to the UAE compared with the previous year. (demo)',
      language: 'en',
    },
    deps,
  );
}
