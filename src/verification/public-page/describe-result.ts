import type { Language } from '../../i18n/languages.ts';
import { translate } from '../../i18n/translate.ts';
import { participantName } from '../../participants/country-names.ts';
import type { Check, CheckStatus, VerificationResult } from '../verifier.ts';

/**
 * A verification result in words, for the public page and for `kimberlite verify`: both use the
 * `verifyPage.*` keys of the locale files, so a person reads the same sentence on screen and in
 * a terminal.
 */

const DATE_PARAMS = new Set(['validFrom', 'validUntil', 'revokedOn', 'expiryDate', 'issueDate', 'receivedOn']);
const PARTICIPANT_PARAMS = new Set(['participant', 'keyParticipant']);

const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/** `2026-11-23` as a date in the reader's language (the day as written, whatever the time zone). */
export function formatDay(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** A signed two-decimal amount ("4330.45") in the reader's language, digit for digit (Intl formats the decimal string itself). */
export function formatAmount(amount: string, language: Language, currency?: 'USD'): string {
  const format = new Intl.NumberFormat(language, currency ? { style: 'currency', currency, currencyDisplay: 'code' } : { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return format.format(amount as unknown as number);
}

function readableParams(params: Record<string, string> | undefined, language: Language): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (DATE_PARAMS.has(name)) result[name] = value ? formatDay(value, language) : '—';
    else if (PARTICIPANT_PARAMS.has(name)) result[name] = value === 'KP' ? 'KP' : participantName(value, language);
    else if (name === 'status') result[name] = translate(language, `params.statuses.${value}`);
    else result[name] = value;
  }
  return result;
}

export interface DescribedCheck {
  status: CheckStatus;
  /** What was checked ("Signature"). */
  name: string;
  /** Passed, failed, not known. */
  statusText: string;
  /** Why, with its values filled in. */
  reason: string;
}

export function describeCheck(check: Check, language: Language): DescribedCheck {
  return {
    status: check.status,
    name: translate(language, `verifyPage.checks.${check.check}`),
    statusText: translate(language, `verifyPage.status.${check.status}`),
    reason: translate(language, `verifyPage.reasons.${check.reason}`, readableParams(check.params, language)),
  };
}

export function describeVerdict(result: VerificationResult, language: Language): { title: string; text: string } {
  return { title: translate(language, `verifyPage.verdict.${result.verdict}`), text: translate(language, `verifyPage.verdictText.${result.verdict}`) };
}

/** The key fields of the certificate as the presented document states them, labelled. */
export function describeCertificate(result: VerificationResult, language: Language): { label: string; value: string }[] {
  const c = result.certificate;
  if (!c) return [];
  const field = (key: string, value: string) => ({ label: translate(language, `verifyPage.fields.${key}`), value });
  const names = (codes: string[]) => codes.map((code) => participantName(code, language)).join(', ');
  const issuing = c.issuingTerritory ? `${participantName(c.issuingParticipant, language)} (${participantName(c.issuingTerritory, language)})` : participantName(c.issuingParticipant, language);
  return [
    field('number', c.number),
    field('issuingParticipant', issuing),
    field('destination', participantName(c.importingParticipant, language)),
    field('exporter', `${c.exporter.name}, ${c.exporter.address} (${c.exporter.licence})`),
    field('importer', `${c.importer.name}, ${c.importer.address} (${c.importer.licence})`),
    field('issueDate', formatDay(c.issueDate, language)),
    field('expiryDate', formatDay(c.expiryDate, language)),
    field('parcelCount', String(c.parcelCount)),
    field('totalCarats', formatAmount(c.totals.carats, language)),
    field('totalValue', formatAmount(c.totals.valueUsd, language, 'USD')),
    field('origin', c.origin.mixed ? translate(language, 'verifyPage.fields.mixedOrigin', { countries: names(c.origin.countries) }) : names(c.origin.countries)),
    ...(c.originZone ? [field('originZone', `${c.originZone.name} (${c.originZone.monitoringTeam})`)] : []),
    ...(c.sizeProfiles ? [field('sizeProfiles', `${c.sizeProfiles.parcels.join(', ')}; ${c.sizeProfiles.digest}`)] : []),
  ];
}
