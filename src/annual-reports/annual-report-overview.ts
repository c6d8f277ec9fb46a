import { eq, inArray } from 'drizzle-orm';
import { annualReports, participants } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { todayUtc } from '../domain/licence.ts';
import { inGoodStandingDuring } from '../domain/participant-status.ts';
import { PARTICIPANT_ROLES, hasRole, type Actor } from '../domain/roles.ts';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { statusHistories } from '../participants/participant-repository.ts';
import { dueOn, isLate, openQuestionCounts, reviewsAnnualReports } from './annual-report-repository.ts';
import type { AnnualReportOverview, FiledReports } from './schemas.ts';

/** Participants that owe a report for `year`: counted among KP Participants and in good standing on some day of it. */
async function owing(deps: Deps, year: number): Promise<string[]> {
  const [counted, histories] = await Promise.all([
    deps.db.select({ code: participants.code }).from(participants).where(eq(participants.countedAmongParticipants, true)),
    statusHistories(deps.db),
  ]);
  return counted.map((row) => row.code).filter((code) => inGoodStandingDuring(histories.get(code) ?? [], `${year}-01-01`, `${year}-12-31`));
}

/**
 * The WGM's dashboard for a year: every participant that owes a report, whether it filed, on
 * time or late, and how many of the WGM's questions are still unanswered. A participant's staff
 * see their own row only.
 */
export async function annualReportOverview(deps: Deps, { actor, year, language }: { actor: Actor; year: number; language: Language }): Promise<AnnualReportOverview> {
  const reviewer = reviewsAnnualReports(actor);
  if (!reviewer && !(actor.participantCode !== null && hasRole(actor, ...PARTICIPANT_ROLES))) throw new AppError('FORBIDDEN');
  const due = dueOn(deps, year);
  const today = todayUtc(deps.now());
  const codes = (await owing(deps, year)).filter((code) => reviewer || code === actor.participantCode);
  const reports = codes.length ? await deps.db.select().from(annualReports).where(inArray(annualReports.participantCode, codes)) : [];
  const ofYear = new Map(reports.filter((row) => row.year === year).map((row) => [row.participantCode, row]));
  const open = await openQuestionCounts(deps.db, [...ofYear.values()].map((row) => row.id));
  const collator = new Intl.Collator(language);
  const rows = codes
    .map((code) => {
      const report = ofYear.get(code);
      return {
        participantCode: code,
        name: participantName(code, language),
        status: (report?.status ?? 'not_started') as AnnualReportOverview['rows'][number]['status'],
        submittedAt: report?.submittedAt?.toISOString() ?? null,
        late: isLate(report, due, today),
        openQuestions: report ? (open.get(report.id) ?? 0) : 0,
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
  const submitted = rows.filter((row) => row.status === 'submitted');
  return {
    year,
    dueOn: due,
    rows,
    counts: {
      owed: rows.length,
      submitted: submitted.length,
      submittedLate: submitted.filter((row) => row.late).length,
      missing: rows.filter((row) => row.status !== 'submitted' && row.late).length,
      withOpenQuestions: rows.filter((row) => row.openQuestions > 0).length,
    },
  };
}

/** Public: which participants filed their report for the year, and when; never the content. */
export async function filedAnnualReports(deps: Deps, { year, language }: { year: number; language: Language }): Promise<FiledReports> {
  const codes = await owing(deps, year);
  const reports = codes.length ? await deps.db.select().from(annualReports).where(inArray(annualReports.participantCode, codes)) : [];
  const filed = new Map(reports.filter((row) => row.year === year && row.status === 'submitted').map((row) => [row.participantCode, row]));
  const collator = new Intl.Collator(language);
  return {
    year,
    dueOn: dueOn(deps, year),
    rows: codes
      .map((code) => ({ participantCode: code, name: participantName(code, language), filed: filed.has(code), filedOn: filed.get(code)?.submittedAt ? todayUtc(filed.get(code)!.submittedAt!) : null }))
      .sort((a, b) => collator.compare(a.name, b.name)),
  };
}
