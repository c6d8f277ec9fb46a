import { CertificateContentSchema, KPCS_STATEMENT, type CertificateContent } from './certificate-content.ts';

/**
 * The signed payload inside the QR seal: every Annex I field under a short key. Pure data
 * mapping with no Node-only imports, so the browser verifier uses the very same code.
 */
export const SEAL_PREFIX = 'KPC1:';
export const SEAL_MAX_LENGTH = 1200;

const PURPOSE_CODES = { commercial: 'c', technical_research_samples: 'r', technical_seized_goods: 's' } as const;

export interface SealPayload {
  v: 1;
  k: string;
  n: string;
  ip: string;
  it: string | null;
  dp: string;
  au: [string, string];
  ex: [string, string, string];
  im: [string, string, string];
  o: string[];
  mx: 0 | 1;
  id: string;
  xd: string;
  p: [string, string, string][];
  pc: number;
  tc: string;
  tv: string;
  sl: string[];
  tr: string[];
  pu: 'c' | 'r' | 's';
  vb: string;
  rp: string | null;
  /** Compliant zone and monitoring team (zone-restricted issuers only; absent otherwise). */
  z?: [string, string];
  /** Size-frequency profile digest and the parcels it covers (only when profiles were declared at issue). */
  fp?: [string, number[]];
  /** Origin sites drawn from recorded stock and the draws' digest (only under internal controls, issue #9). */
  sd?: [number, string];
}

export function toSealPayload(content: CertificateContent, kid: string): SealPayload {
  return {
    v: 1,
    k: kid,
    n: content.number,
    ip: content.issuingParticipant,
    it: content.issuingTerritory,
    dp: content.importingParticipant,
    au: [content.issuingAuthority.name, content.issuingAuthority.address],
    ex: [content.exporter.name, content.exporter.address, content.exporter.licence],
    im: [content.importer.name, content.importer.address, content.importer.licence],
    o: content.origin.countries,
    mx: content.origin.mixed ? 1 : 0,
    id: content.issueDate,
    xd: content.expiryDate,
    p: content.parcels.map((parcel) => [parcel.hsCode, parcel.carats, parcel.valueUsd]),
    pc: content.parcelCount,
    tc: content.totals.carats,
    tv: content.totals.valueUsd,
    sl: content.seals,
    tr: content.transitCountries,
    pu: PURPOSE_CODES[content.purpose],
    vb: content.validatedBy,
    rp: content.replaces,
    ...(content.originZone && { z: [content.originZone.name, content.originZone.monitoringTeam] as [string, string] }),
    ...(content.sizeProfiles && { fp: [content.sizeProfiles.digest, content.sizeProfiles.parcels] as [string, number[]] }),
    ...(content.stockDraws && { sd: [content.stockDraws.sites, content.stockDraws.digest] as [number, string] }),
  };
}

export function fromSealPayload(payload: SealPayload): CertificateContent {
  const purpose = (Object.entries(PURPOSE_CODES).find(([, code]) => code === payload.pu)?.[0] ?? 'commercial') as CertificateContent['purpose'];
  return CertificateContentSchema.parse({
    number: payload.n,
    title: 'Kimberley Process Certificate',
    statement: KPCS_STATEMENT,
    issuingParticipant: payload.ip,
    issuingTerritory: payload.it,
    importingParticipant: payload.dp,
    issuingAuthority: { name: payload.au[0], address: payload.au[1] },
    exporter: { name: payload.ex[0], address: payload.ex[1], licence: payload.ex[2] },
    importer: { name: payload.im[0], address: payload.im[1], licence: payload.im[2] },
    origin: { countries: payload.o, mixed: payload.mx === 1 },
    issueDate: payload.id,
    expiryDate: payload.xd,
    parcels: payload.p.map(([hsCode, carats, valueUsd]) => ({ hsCode, carats, valueUsd })),
    parcelCount: payload.pc,
    totals: { carats: payload.tc, valueUsd: payload.tv },
    seals: payload.sl,
    transitCountries: payload.tr,
    purpose,
    validatedBy: payload.vb,
    replaces: payload.rp,
    ...(payload.z && { originZone: { name: payload.z[0], monitoringTeam: payload.z[1] } }),
    ...(payload.fp && { sizeProfiles: { digest: payload.fp[0], parcels: payload.fp[1] } }),
    ...(payload.sd && { stockDraws: { sites: payload.sd[0], digest: payload.sd[1] } }),
  });
}
