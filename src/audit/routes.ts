import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { hasRole } from '../domain/roles.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses } from '../http/schemas.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const AuditEntrySchema = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.string(),
    participantCode: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    data: z.unknown(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export async function auditRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit trail, newest first. System administrator and Chair: everything; participant administrator: its participant',
        querystring: z.object({
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(80).optional(),
        }),
        response: { 200: z.array(AuditEntrySchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const filters: SQL[] = [];
      if (!hasRole(actor, 'system_admin', 'kp_chair')) {
        if (!actor.participantCode || !hasRole(actor, 'participant_admin')) throw new AppError('FORBIDDEN');
        filters.push(eq(auditLog.participantCode, actor.participantCode));
      }
      const { before, limit, entityType, entityId } = request.query;
      if (before) filters.push(lt(auditLog.seq, before));
      if (entityType) filters.push(eq(auditLog.entityType, entityType));
      if (entityId) filters.push(eq(auditLog.entityId, entityId));
      const rows = await deps.db.select().from(auditLog).where(and(...filters)).orderBy(desc(auditLog.seq)).limit(limit);
      return rows.map((row) => ({
        seq: row.seq,
        at: row.at.toISOString(),
        actor: row.actorLabel,
        participantCode: row.participantCode,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        data: row.data,
        hash: row.hash,
      }));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the audit hash chain (system administrator, Chair)',
        response: {
          200: z.object({ ok: z.boolean(), entries: z.number(), headSeq: z.number(), headHash: z.string(), firstBreak: z.unknown() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!hasRole(actor, 'system_admin', 'kp_chair')) throw new AppError('FORBIDDEN');
      return verifyAuditChain(deps.db);
    },
  );
}
