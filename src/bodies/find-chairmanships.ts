import { desc } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { chairmanships } from '../db/schema.ts';
import { decisionsById } from './body-repository.ts';
import type { Chairmanship } from './schemas.ts';

/** The KP Chair and Vice-Chair of each recorded year, newest first (public). */
export async function listChairmanships(db: Db | Tx): Promise<Chairmanship[]> {
  const rows = await db.select().from(chairmanships).orderBy(desc(chairmanships.year));
  const linked = await decisionsById(db, rows.map((row) => row.decisionId));
  return rows.map((row) => ({
    year: row.year,
    chairParticipantCode: row.chairParticipantCode,
    viceChairParticipantCode: row.viceChairParticipantCode,
    decision: row.decisionId ? (linked.get(row.decisionId) ?? null) : null,
    note: row.note,
    recordedAt: row.recordedAt.toISOString(),
  }));
}
