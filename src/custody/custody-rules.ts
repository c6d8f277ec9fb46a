import { and, eq, gte, sql } from 'drizzle-orm';
import type { CaseCandidate } from '../anomalies/anomaly-case.ts';
import type { CustodySettings } from '../config.ts';
import type { Tx } from '../db/database.ts';
import { custodyEntries, miningSites, operators } from '../db/schema.ts';
import { partyWarnings, type CustodyEntryRow, type SiteRow } from './custody-repository.ts';
import { addMonths, text } from './reports.ts';

type OperatorRow = typeof operators.$inferSelect;

/** Months of a site's history its production is compared with, and how many must have production. */
export const SITE_HISTORY_MONTHS = 12;
export const SITE_MIN_PRODUCING_MONTHS = 3;

/**
 * `custody_unlicensed_party`: production, a sale or a transfer recorded while a party had no valid
 * licence of the right type on the entry's date (or, for production, while the site's licence did
 * not hold). One case per participant, month and actor (or site), listing the entries in force
 * concerned: ids, dates, kinds, carats and the licence state. No names, licence numbers,
 * counterparties, prices or free text: the case is read by the WGS too, which may not read the
 * operator register or the ledger; the participant's officials open the actor by its id.
 */
export function unlicensedPartyCases(entries: readonly CustodyEntryRow[], sites: Map<string, SiteRow>, byId: Map<string, OperatorRow>): CaseCandidate[] {
  const cases = new Map<string, CaseCandidate>();
  for (const entry of entries) {
    if (entry.kind === 'export' || entry.cancelled) continue;
    const site = sites.get(entry.siteId);
    if (!site) continue;
    for (const warning of partyWarnings(entry, site, byId)) {
      const subject = warning.operatorId ?? site.id;
      const month = entry.occurredOn.slice(0, 7);
      const key = `${entry.participantCode}|${month}|${subject}`;
      const candidate =
        cases.get(key) ??
        cases
          .set(key, {
            rule: 'custody_unlicensed_party',
            participantCode: entry.participantCode,
            partnerCode: null,
            period: month,
            subject,
            evidence: warning.operatorId
              ? { month, operatorId: warning.operatorId, entries: [] }
              : { month, siteId: site.id, entries: [] },
          })
          .get(key)!;
      (candidate.evidence.entries as Record<string, unknown>[]).push({
        entryId: entry.id,
        date: entry.occurredOn,
        kind: entry.kind,
        party: warning.party,
        carats: text(entry.carats),
        state: warning.state,
      });
    }
  }
  return [...cases.values()];
}

/**
 * `custody_site_above_history`: a site whose production declared in a month is beyond
 * `siteHistoryFactor` × the largest month among the `SITE_HISTORY_MONTHS` calendar months before
 * with production, when at least `SITE_MIN_PRODUCING_MONTHS` of them had any. One case per
 * participant, month and site.
 */
export function siteAboveHistoryCases(entries: readonly CustodyEntryRow[], sites: Map<string, SiteRow>, { siteHistoryFactor }: Pick<CustodySettings, 'siteHistoryFactor'>): CaseCandidate[] {
  const bySite = new Map<string, Map<string, number>>();
  for (const entry of entries) {
    if (entry.kind !== 'production' || entry.cancelled) continue;
    const months = bySite.get(entry.siteId) ?? bySite.set(entry.siteId, new Map()).get(entry.siteId)!;
    const month = entry.occurredOn.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + entry.carats);
  }
  const factorHundredths = Math.round(siteHistoryFactor * 100);
  const cases: CaseCandidate[] = [];
  for (const [siteId, months] of bySite) {
    const site = sites.get(siteId);
    if (!site) continue;
    for (const [month, carats] of months) {
      const history = Array.from({ length: SITE_HISTORY_MONTHS }, (_, index) => addMonths(month, index - SITE_HISTORY_MONTHS))
        .map((earlier) => ({ month: earlier, carats: months.get(earlier) ?? 0 }))
        .filter((earlier) => earlier.carats > 0);
      if (history.length < SITE_MIN_PRODUCING_MONTHS) continue;
      const maximum = Math.max(...history.map((earlier) => earlier.carats));
      // carats > factor × maximum, in integers
      if (carats * 100 <= factorHundredths * maximum) continue;
      cases.push({
        rule: 'custody_site_above_history',
        participantCode: site.participantCode,
        partnerCode: null,
        period: month,
        subject: siteId,
        evidence: {
          month,
          siteId,
          depositType: site.depositType,
          artisanal: site.artisanal,
          carats: text(carats),
          previousMaximum: text(maximum),
          factor: siteHistoryFactor,
          history: history.map((earlier) => ({ month: earlier.month, carats: text(earlier.carats) })),
        },
      });
    }
  }
  return cases;
}

/**
 * Both custody rules over every participant's entries in force dated from `since` (a site's
 * history reaches a year further back). `custody_negative_stock` is not here: a refused
 * correction raises it at once (record-entry.ts).
 */
export async function custodyCases(tx: Tx, { since }: { since: string }, settings: Pick<CustodySettings, 'siteHistoryFactor'>): Promise<CaseCandidate[]> {
  const historyFrom = `${addMonths(since.slice(0, 7), -SITE_HISTORY_MONTHS)}-01`;
  const superseding = sql`exists (select 1 from custody_entries later where later.supersedes = ${custodyEntries.id})`;
  const entries = await tx
    .select()
    .from(custodyEntries)
    .where(and(eq(custodyEntries.cancelled, false), sql`not ${superseding}`, gte(custodyEntries.occurredOn, historyFrom)));
  if (entries.length === 0) return [];
  const sites = new Map((await tx.select().from(miningSites)).map((row) => [row.id, row]));
  const byId = new Map((await tx.select().from(operators)).map((row) => [row.id, row]));
  return [
    ...unlicensedPartyCases(
      entries.filter((entry) => entry.occurredOn >= since),
      sites,
      byId,
    ),
    ...siteAboveHistoryCases(entries, sites, settings).filter((candidate) => `${candidate.period}-01` >= since),
  ];
}
