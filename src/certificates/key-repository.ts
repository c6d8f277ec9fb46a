import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { KeyObject } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { signingKeys } from '../db/schema.ts';
import type { Actor } from '../domain/roles.ts';
import { generateSigningKey, openPrivateKey, sealPrivateKey } from './signing-keys.ts';

export type KeyRow = typeof signingKeys.$inferSelect;

export const REGISTER_SCOPE = 'register';
export const AUTHORITY_SCOPE = 'authority';

/** `BW-2026-11-23-a1b2c3`: says whose key it is and since when, and stays unique. */
function newKid(owner: string, now: Date): string {
  return `${owner}-${now.toISOString().slice(0, 10)}-${generateSigningKey().publicKey.slice(0, 6).replace(/[-_]/g, 'x')}`;
}

/** The key currently signing for a participant (or the register), if any. */
export async function currentKey(db: Db | Tx, owner: string | null, now: Date): Promise<KeyRow | undefined> {
  const rows = await db
    .select()
    .from(signingKeys)
    .where(and(owner === null ? eq(signingKeys.scope, REGISTER_SCOPE) : eq(signingKeys.participantCode, owner), isNull(signingKeys.revokedAt)))
    .orderBy(desc(signingKeys.validFrom));
  return rows.find((row) => row.validFrom <= now && (row.validUntil === null || row.validUntil > now));
}

/**
 * Creates a new key for the owner and closes the previous one (it stays in the trust list, valid
 * for what it signed before). Audited.
 */
export async function rotateKey(
  tx: Tx,
  { owner, actor, masterKey, now, reason }: { owner: string | null; actor: Actor | string; masterKey: Buffer; now: Date; reason: string },
): Promise<KeyRow> {
  const previous = await currentKey(tx, owner, now);
  if (previous) await tx.update(signingKeys).set({ validUntil: now }).where(eq(signingKeys.kid, previous.kid));
  const generated = generateSigningKey();
  const kid = newKid(owner ?? 'KP', now);
  const [row] = await tx
    .insert(signingKeys)
    .values({
      kid,
      scope: owner === null ? REGISTER_SCOPE : AUTHORITY_SCOPE,
      participantCode: owner,
      publicKey: generated.publicKey,
      sealedPrivateKey: sealPrivateKey(generated.privateKey, masterKey),
      validFrom: now,
      createdAt: now,
    })
    .returning();
  await recordAudit(tx, {
    actor,
    action: 'signing_key.created',
    entityType: 'signing_key',
    entityId: kid,
    participantCode: owner,
    data: { publicKey: generated.publicKey, previous: previous?.kid ?? null, reason },
  });
  return row;
}

/** The current key with its private half opened, creating the first key when there is none. */
export async function signingKeyFor(
  tx: Tx,
  { owner, actor, masterKey, now }: { owner: string | null; actor: Actor | string; masterKey: Buffer; now: Date },
): Promise<{ row: KeyRow; privateKey: KeyObject }> {
  const row = (await currentKey(tx, owner, now)) ?? (await rotateKey(tx, { owner, actor, masterKey, now, reason: 'first key' }));
  return { row, privateKey: openPrivateKey(row.sealedPrivateKey, masterKey) };
}

/** Revokes a key from a date: certificates it signed from then on no longer verify. Audited. */
export async function revokeKey(
  tx: Tx,
  { kid, actor, at, reason }: { kid: string; actor: Actor | string; at: Date; reason: string },
): Promise<KeyRow | undefined> {
  const [row] = await tx
    .update(signingKeys)
    .set({ revokedAt: at, revocationReason: reason })
    .where(and(eq(signingKeys.kid, kid), isNull(signingKeys.revokedAt)))
    .returning();
  if (row) {
    await recordAudit(tx, { actor, action: 'signing_key.revoked', entityType: 'signing_key', entityId: kid, participantCode: row.participantCode, data: { at, reason } });
  }
  return row;
}

export async function allKeys(db: Db | Tx): Promise<KeyRow[]> {
  return db.select().from(signingKeys).orderBy(asc(signingKeys.participantCode), asc(signingKeys.validFrom));
}
