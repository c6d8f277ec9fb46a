import { asc } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { participantStatusEvents } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { canonicalBytes } from './credential.ts';
import { multibaseEncode } from './encodings.ts';
import { allKeys, REGISTER_SCOPE, signingKeyFor } from './key-repository.ts';
import { loadMasterKey, signBytes } from './signing-keys.ts';

export interface TrustListKey {
  kid: string;
  participant: string | null;
  scope: string;
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
}

export interface TrustList {
  type: 'KimberliteTrustList';
  version: 1;
  issuer: 'Kimberley Process register';
  issuedAt: string;
  registerKid: string;
  keys: TrustListKey[];
  /** Dated status history of every participant, so offline verifiers can judge standing on the issue date. */
  participants: Record<string, { status: string; effectiveOn: string }[]>;
  proof: { kid: string; signature: string };
}

/**
 * The published trust list: every authority key with its validity and revocation, and the
 * participants' status histories, signed with the KP register key over its RFC 8785 bytes
 * (everything but `proof`).
 */
export async function buildTrustList(deps: Deps): Promise<TrustList> {
  const now = deps.now();
  const masterKey = loadMasterKey(deps.config);
  const register = await inTransaction(deps.db, (tx) => signingKeyFor(tx, { owner: null, actor: 'system:trust-list', masterKey, now }), deps.observeTransaction);
  const keys = (await allKeys(deps.db as Db)).filter((key) => key.scope !== REGISTER_SCOPE || key.kid === register.row.kid);
  const events = await deps.db.select().from(participantStatusEvents).orderBy(asc(participantStatusEvents.effectiveOn));
  const participants: TrustList['participants'] = {};
  for (const event of events) (participants[event.participantCode] ??= []).push({ status: event.status, effectiveOn: event.effectiveOn });
  const body: Omit<TrustList, 'proof'> = {
    type: 'KimberliteTrustList',
    version: 1,
    issuer: 'Kimberley Process register',
    issuedAt: now.toISOString(),
    registerKid: register.row.kid,
    keys: keys.map((key) => ({
      kid: key.kid,
      participant: key.participantCode,
      scope: key.scope,
      publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey },
      validFrom: key.validFrom.toISOString(),
      validUntil: key.validUntil?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      revocationReason: key.revocationReason,
    })),
    participants,
  };
  const signature = signBytes(canonicalBytes(body), register.privateKey);
  return { ...body, proof: { kid: register.row.kid, signature: multibaseEncode(signature) } };
}
