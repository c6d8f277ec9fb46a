import { formatHundredths, parseHundredths } from '../domain/amounts.ts';
import { AppError } from '../domain/errors.ts';
import { HS_CODES } from './certificate-content.ts';
import type { CertificateDraft } from './schemas.ts';

export interface CheckedParcel {
  hsCode: (typeof HS_CODES)[number];
  carats: number;
  valueCents: number;
}

/** An amount the user typed, in hundredths, or a coded refusal naming the field. */
export function amount(text: string, field: string, parcel: number | null): number {
  const parsed = parseHundredths(text);
  if ('units' in parsed) return parsed.units;
  const where = { field, parcel: parcel === null ? '—' : parcel + 1, value: text };
  if (parsed.problem === 'not_positive') throw new AppError('AMOUNT_NOT_POSITIVE', where);
  if (parsed.problem === 'too_precise') throw new AppError('AMOUNT_TOO_PRECISE', where);
  throw new AppError('INVALID_AMOUNT', where);
}

/**
 * Parcels must exist, carry a rough-diamond HS code and exact positive amounts (two decimals);
 * totals, when the exporter declares them, must add up to the parcels. Pure.
 */
export function checkParcels(
  parcels: CertificateDraft['parcels'],
  declared: CertificateDraft['declaredTotals'],
): { parcels: CheckedParcel[]; totalCarats: number; totalValueCents: number } {
  if (parcels.length === 0) throw new AppError('NO_PARCELS');
  const checked = parcels.map((parcel, index) => {
    if (!(HS_CODES as readonly string[]).includes(parcel.hsCode)) {
      throw new AppError('UNKNOWN_HS_CODE', { parcel: index + 1, hsCode: parcel.hsCode });
    }
    return {
      hsCode: parcel.hsCode as CheckedParcel['hsCode'],
      carats: amount(parcel.carats, 'carats', index),
      valueCents: amount(parcel.valueUsd, 'valueUsd', index),
    };
  });
  const totalCarats = checked.reduce((sum, parcel) => sum + parcel.carats, 0);
  const totalValueCents = checked.reduce((sum, parcel) => sum + parcel.valueCents, 0);
  if (declared) {
    const declaredCarats = amount(declared.carats, 'declaredTotals.carats', null);
    const declaredValue = amount(declared.valueUsd, 'declaredTotals.valueUsd', null);
    const mismatches = [
      declared.parcelCount !== checked.length && `parcels ${declared.parcelCount} ≠ ${checked.length}`,
      declaredCarats !== totalCarats && `carats ${formatHundredths(declaredCarats)} ≠ ${formatHundredths(totalCarats)}`,
      declaredValue !== totalValueCents && `US$ ${formatHundredths(declaredValue)} ≠ ${formatHundredths(totalValueCents)}`,
    ].filter(Boolean);
    if (mismatches.length > 0) throw new AppError('TOTALS_MISMATCH', { differences: mismatches.join('; ') });
  }
  return { parcels: checked, totalCarats, totalValueCents };
}

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Expiry: the participant's default when none is given; never on or before issue, never past the KP-wide maximum. */
export function checkExpiry(issueDate: string, requested: string | undefined, defaultDays: number, maxDays: number): string {
  const expiry = requested ?? addDays(issueDate, Math.min(defaultDays, maxDays));
  if (expiry <= issueDate) throw new AppError('EXPIRY_NOT_AFTER_ISSUE', { expiryDate: expiry, issueDate });
  const latest = addDays(issueDate, maxDays);
  if (expiry > latest) throw new AppError('EXPIRY_BEYOND_MAXIMUM', { expiryDate: expiry, latest, days: maxDays });
  return expiry;
}
