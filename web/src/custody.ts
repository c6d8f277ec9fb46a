/**
 * Internal controls in the browser: the ledger's types and which licences suit which part in an
 * entry. Mirrors partyWarnings in src/custody/custody-repository.ts, so the pickers offer the
 * actors the server will not flag.
 */
import type { LicenceType } from '../../src/domain/licence.ts';
import type { OperatorDto } from './api.ts';

export type {
  CustodyCorrection,
  CustodyEntryDraft,
  CustodyEntryDto,
  InternalControlsDto,
  PartyWarning,
  SiteDraft,
  SiteDto,
  SiteUpdate,
  StockLine,
} from '../../src/custody/schemas.ts';

export const RECORDED_KINDS = ['production', 'sale', 'transfer'] as const;
export type RecordedKind = (typeof RECORDED_KINDS)[number];
export const DEPOSIT_TYPES = ['alluvial', 'kimberlite', 'marine', 'other'] as const;

/** Who produces at a site: the licensed miner, artisanal miner or cooperative. */
export const PRODUCER_LICENCES: LicenceType[] = ['miner', 'artisanal_miner', 'cooperative'];
/** Who may sell or hand on rough diamonds. */
export const SELLER_LICENCES: LicenceType[] = ['miner', 'artisanal_miner', 'cooperative', 'dealer', 'exporter'];
/** Who may buy or receive them. */
export const BUYER_LICENCES: LicenceType[] = ['dealer', 'exporter'];
/** Who may hold a mining site's licence (src/custody/manage-sites.ts). */
export const SITE_HOLDER_LICENCES: LicenceType[] = ['miner', 'artisanal_miner', 'cooperative'];

export function holdsOneOf(operator: Pick<OperatorDto, 'licenceTypes'>, licences: LicenceType[]): boolean {
  return operator.licenceTypes.some((type) => licences.includes(type));
}

/** The licences the `from` and `to` pickers of an entry offer. */
export function partyLicences(kind: RecordedKind): { from: LicenceType[] | null; to: LicenceType[] } {
  if (kind === 'production') return { from: null, to: PRODUCER_LICENCES };
  return { from: SELLER_LICENCES, to: BUYER_LICENCES };
}

/** A device reference the server accepts as clientRef (/^[A-Za-z0-9_-]{8,100}$/): 32 hex digits. */
export function newClientRef(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replace(/-/g, '');
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
