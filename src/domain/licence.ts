/** Licensed operators in a participant's register and whether their licence holds on a day. */
export const LICENCE_TYPES = ['miner', 'artisanal_miner', 'cooperative', 'dealer', 'exporter', 'importer'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

export type LicenceState = 'valid' | 'suspended' | 'expired' | 'not_yet_valid';

export interface Licence {
  validFrom: string;
  validUntil: string;
  suspendedAt: Date | null;
}

/** `day` is `YYYY-MM-DD`; a licence is valid on both its first and its last day. */
export function licenceStateOn(licence: Licence, day: string): LicenceState {
  if (licence.suspendedAt !== null) return 'suspended';
  if (day < licence.validFrom) return 'not_yet_valid';
  if (day > licence.validUntil) return 'expired';
  return 'valid';
}

/**
 * A licence as it stood on a past day: a suspension counts from the day it was made, not before,
 * so an old trade's licence state does not change when a party is suspended months later.
 */
export function licenceStateAt(licence: Licence, day: string): LicenceState {
  const suspendedThen = licence.suspendedAt !== null && licence.suspendedAt.toISOString().slice(0, 10) <= day;
  return licenceStateOn({ ...licence, suspendedAt: suspendedThen ? licence.suspendedAt : null }, day);
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
