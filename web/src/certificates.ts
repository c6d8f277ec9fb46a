import type { HS_CODES as SERVER_HS_CODES, PURPOSES as SERVER_PURPOSES } from '../../src/certificates/certificate-content.ts';
import type { CERTIFICATE_STATUSES as SERVER_STATUSES } from '../../src/certificates/schemas.ts';
import type { CertificateStatus, CertificateSummary, Me } from './api.ts';

/*
 * The certificate constants, mirrored here so the browser bundle does not pull in zod with the
 * server's schemas; `satisfies` keeps them identical to the server's at compile time.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(): T => true as T;

export const HS_CODES = ['7102.10', '7102.21', '7102.31'] as const;
export const PURPOSES = ['commercial', 'technical_research_samples', 'technical_seized_goods'] as const;
export const CERTIFICATE_STATUSES = ['issued', 'received', 'voided', 'replaced'] as const satisfies readonly CertificateStatus[];
check<Same<typeof HS_CODES, typeof SERVER_HS_CODES>>();
check<Same<typeof PURPOSES, typeof SERVER_PURPOSES>>();
check<Same<typeof CERTIFICATE_STATUSES, typeof SERVER_STATUSES>>();

export type HsCode = (typeof HS_CODES)[number];
export type Purpose = (typeof PURPOSES)[number];

/** Export or import, seen from the signed-in official's participant; null for the Chair and the WGM. */
export function directionOf(me: Me, certificate: Pick<CertificateSummary, 'issuingParticipant' | 'importingParticipant'>): 'export' | 'import' | null {
  const own = me.participant?.code;
  if (!own) return null;
  if (certificate.issuingParticipant === own) return 'export';
  if (certificate.importingParticipant === own) return 'import';
  return null;
}

/** The other participant of a certificate, seen from `own`. */
export function partnerOf(own: string | undefined, certificate: Pick<CertificateSummary, 'issuingParticipant' | 'importingParticipant'>): string {
  return certificate.issuingParticipant === own ? certificate.importingParticipant : certificate.issuingParticipant;
}
