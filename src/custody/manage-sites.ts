import { and, eq, ne } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { compliantZones, internalControls, miningSites, operators } from '../db/schema.ts';
import { isUniqueViolation } from '../db/transaction.ts';
import { transact, type Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Actor } from '../domain/roles.ts';
import { assertValidityPeriod } from '../operators/register-operator.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { findSite, internalControlsOf, toSiteDto, type SiteRow } from './custody-repository.ts';
import type { InternalControlsDto, SiteDraft, SiteDto, SiteUpdate } from './schemas.ts';

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', {}, [{ path: [field], message }]);

/** The holder must be a mining company or cooperative of the same register; the zone one of the participant's. */
async function checkLinks(tx: Tx, participantCode: string, draft: Pick<SiteDraft, 'holderOperatorId' | 'zoneId'>): Promise<string | null> {
  let holderName: string | null = null;
  if (draft.holderOperatorId) {
    const [holder] = await tx.select().from(operators).where(eq(operators.id, draft.holderOperatorId));
    if (!holder || holder.participantCode !== participantCode) throw invalid('holderOperatorId', 'not an actor in this register');
    if (!holder.licenceTypes.some((type) => ['miner', 'cooperative', 'artisanal_miner'].includes(type))) {
      throw invalid('holderOperatorId', 'the holder needs a miner, artisanal miner or cooperative licence');
    }
    holderName = holder.name;
  }
  if (draft.zoneId) {
    const [zone] = await tx.select().from(compliantZones).where(eq(compliantZones.id, draft.zoneId));
    if (!zone || zone.participantCode !== participantCode) throw invalid('zoneId', 'not a compliant zone of this participant');
  }
  return holderName;
}

async function holderNameOf(tx: Db | Tx, row: SiteRow): Promise<string | null> {
  if (!row.holderOperatorId) return null;
  const [holder] = await tx.select({ name: operators.name }).from(operators).where(eq(operators.id, row.holderOperatorId));
  return holder?.name ?? null;
}

/** Licenses a mine or mining site in the participant's register. */
export async function registerSite({ actor, participantCode, draft }: { actor: Actor; participantCode: string; draft: SiteDraft }, deps: Deps): Promise<SiteDto> {
  if (!access.readOperators(actor, participantCode) || !(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  if (!access.manageOperators(actor, participantCode)) throw new AppError('FORBIDDEN');
  assertValidityPeriod(draft.validFrom, draft.validUntil);
  try {
    return await transact(deps, async (tx) => {
      const [taken] = await tx
        .select({ id: miningSites.id })
        .from(miningSites)
        .where(and(eq(miningSites.participantCode, participantCode), eq(miningSites.licenceNumber, draft.licenceNumber)));
      if (taken) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: draft.licenceNumber });
      const holderName = await checkLinks(tx, participantCode, draft);
      const now = deps.now();
      const [row] = await tx
        .insert(miningSites)
        .values({
          id: newId(),
          participantCode,
          ...draft,
          holderOperatorId: draft.holderOperatorId ?? null,
          zoneId: draft.zoneId ?? null,
          latitude: draft.latitude ?? null,
          longitude: draft.longitude ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await recordAudit(tx, { actor, action: 'site.registered', entityType: 'mining_site', entityId: row.id, participantCode, data: { ...draft } });
      return toSiteDto(row, todayUtc(now), holderName);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: draft.licenceNumber });
    throw error;
  }
}

async function loadForChange(tx: Tx, actor: Actor, id: string): Promise<SiteRow> {
  const row = await findSite(tx, id);
  if (!row || !access.readOperators(actor, row.participantCode)) throw new AppError('NOT_FOUND');
  if (!access.manageOperators(actor, row.participantCode)) throw new AppError('FORBIDDEN');
  return row;
}

/** Corrects a site's details or licence. */
export async function updateSite({ actor, siteId, update }: { actor: Actor; siteId: string; update: SiteUpdate }, deps: Deps): Promise<SiteDto> {
  try {
    return await transact(deps, async (tx) => {
      const before = await loadForChange(tx, actor, siteId);
      assertValidityPeriod(update.validFrom ?? before.validFrom, update.validUntil ?? before.validUntil);
      if (update.licenceNumber !== undefined && update.licenceNumber !== before.licenceNumber) {
        const [taken] = await tx
          .select({ id: miningSites.id })
          .from(miningSites)
          .where(and(eq(miningSites.participantCode, before.participantCode), eq(miningSites.licenceNumber, update.licenceNumber), ne(miningSites.id, siteId)));
        if (taken) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: update.licenceNumber });
      }
      await checkLinks(tx, before.participantCode, update);
      const now = deps.now();
      const [row] = await tx.update(miningSites).set({ ...update, updatedAt: now }).where(eq(miningSites.id, siteId)).returning();
      const changed = Object.fromEntries(Object.entries(update).map(([key, value]) => [key, { from: before[key as keyof SiteRow], to: value }]));
      await recordAudit(tx, { actor, action: 'site.updated', entityType: 'mining_site', entityId: siteId, participantCode: before.participantCode, data: { changed } });
      return toSiteDto(row, todayUtc(now), await holderNameOf(tx, row));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('LICENCE_NUMBER_TAKEN', { licenceNumber: update.licenceNumber ?? '' });
    throw error;
  }
}

/** Suspends a site's licence: production declared there afterwards is raised as an anomaly. */
export async function suspendSite({ actor, siteId, reason }: { actor: Actor; siteId: string; reason: string }, deps: Deps): Promise<SiteDto> {
  return transact(deps, async (tx) => {
    const before = await loadForChange(tx, actor, siteId);
    if (before.suspendedAt) throw new AppError('SITE_ALREADY_SUSPENDED');
    const now = deps.now();
    const [row] = await tx.update(miningSites).set({ suspendedAt: now, suspensionReason: reason, updatedAt: now }).where(eq(miningSites.id, siteId)).returning();
    // The reason is free text: the audit entry points at the site and does not copy it.
    await recordAudit(tx, { actor, action: 'site.suspended', entityType: 'mining_site', entityId: siteId, participantCode: before.participantCode });
    return toSiteDto(row, todayUtc(now), await holderNameOf(tx, row));
  });
}

export async function siteDto(tx: Db | Tx, row: SiteRow, today: string): Promise<SiteDto> {
  return toSiteDto(row, today, await holderNameOf(tx, row));
}

/**
 * The participant administrator turns internal controls on (certificates then draw on recorded
 * stock from that day) or off. Turning them on again keeps the first day.
 */
export async function setInternalControls(
  { actor, participantCode, enabled }: { actor: Actor; participantCode: string; enabled: boolean },
  deps: Deps,
): Promise<InternalControlsDto> {
  if (!(await participantExists(deps.db, participantCode))) throw new AppError('NOT_FOUND');
  if (!access.manageInternalControls(actor, participantCode)) throw new AppError(access.readCustody(actor, participantCode) ? 'FORBIDDEN' : 'NOT_FOUND');
  return transact(deps, async (tx) => {
    const before = await internalControlsOf(tx, participantCode);
    if (before.enabled === enabled) throw new AppError('STATUS_UNCHANGED');
    const now = deps.now();
    const since = todayUtc(now);
    await tx
      .insert(internalControls)
      .values({ participantCode, enabled, since, changedBy: actor.userId, changedAt: now })
      .onConflictDoUpdate({ target: internalControls.participantCode, set: { enabled, changedBy: actor.userId, changedAt: now } });
    await recordAudit(tx, { actor, action: enabled ? 'internal_controls.enabled' : 'internal_controls.disabled', entityType: 'participant', entityId: participantCode, participantCode });
    return internalControlsOf(tx, participantCode);
  });
}
