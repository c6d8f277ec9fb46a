import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { certificateReports, participantStatusEvents } from '../db/schema.ts';
import type { TrustList } from '../verification/verifier.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { canonicalBytes } from './credential.ts';
import { multibaseEncode } from './encodings.ts';
import { allKeys, REGISTER_SCOPE, signingKeyFor } from './key-repository.ts';
import { loadMasterKey, signBytes } from './signing-keys.ts';

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
  const fraudulent = await deps.db
    .selectDistinct({ number: certificateReports.certificateNumber })
    .from(certificateReports)
    .where(eq(certificateReports.status, 'confirmed_fraudulent'))
    .orderBy(asc(certificateReports.certificateNumber));
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
    fraudulentNumbers: fraudulent.map((row) => row.number),
  };
  const signature = signBytes(canonicalBytes(body), register.privateKey);
  return { ...body, proof: { kid: register.row.kid, signature: multibaseEncode(signature) } };
}
