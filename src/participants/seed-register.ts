import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../db/database.ts';
import { observers, participantStatusEvents, participants, territories } from '../db/schema.ts';
import { parseCsv } from '../domain/csv.ts';
import { newId } from '../domain/ids.ts';
import { PARTICIPANT_STATUSES, parseRegisterDate, type ParticipantStatus } from '../domain/participant-status.ts';

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference-data');

const SEED_ACTOR = 'system:register-seed';

/** The register data speaks of a partial lifting (CAR 2015); Kimberlite calls that zone-restricted. */
const STATUS_ALIASES: Record<string, ParticipantStatus> = { partially_lifted: 'zone_restricted' };

/**
 * Where no source dates an admission, the register would have no status at all. We record the
 * earliest date the sources show the participant listed, flagged `inferred`, with the reason.
 */
const INFERRED_ADMISSIONS: Record<string, { date: string; note: string }> = {
  GH: { date: '2004', note: 'Inferred: no admission date found; listed as a Participant by Apr 2004 (secondary sources).' },
  SG: { date: '2004', note: 'Inferred: no admission date found; listed as a Participant by Apr 2004 (secondary sources).' },
  BD: { date: '2008', note: 'Inferred: listed as a Participant at 30 Jun 2008 (WDC guide); no admission notice found.' },
};

export interface RegisterEvent {
  status: ParticipantStatus;
  effectiveOn: string;
  precision: 'day' | 'month' | 'year';
  inferred: boolean;
  note: string | null;
}

export interface RegisterEntry {
  code: string;
  kind: string;
  registerName: string;
  countedAmongParticipants: boolean;
  joined: string | null;
  sources: string[];
  note: string | null;
  events: RegisterEvent[];
}

/** Reads `reference-data/kp-participants.csv` into register entries (pure, no I/O beyond the file). */
export function readRegisterFile(dir = REFERENCE_DIR): RegisterEntry[] {
  const rows = parseCsv(fs.readFileSync(path.join(dir, 'kp-participants.csv'), 'utf8'));
  return rows.map((row) => {
    const events: RegisterEvent[] = row.status_history
      .split(';')
      .filter((part) => part.trim() !== '')
      .map((part) => {
        const separator = part.lastIndexOf(':');
        const rawStatus = part.slice(separator + 1).trim();
        const status = STATUS_ALIASES[rawStatus] ?? rawStatus;
        const date = parseRegisterDate(part.slice(0, separator));
        if (!date || !(PARTICIPANT_STATUSES as readonly string[]).includes(status)) {
          throw new Error(`kp-participants.csv: cannot read status event "${part}" of ${row.code}`);
        }
        const note = rawStatus === 'partially_lifted' ? 'Suspension partially lifted: exports only from KP-approved compliant zones under a monitoring team.' : null;
        return { status: status as ParticipantStatus, ...date, inferred: false, note };
      });
    const inferred = INFERRED_ADMISSIONS[row.code];
    if (inferred && !events.some((event) => event.status === 'participant')) {
      const date = parseRegisterDate(inferred.date)!;
      events.push({ status: 'participant', ...date, inferred: true, note: inferred.note });
    }
    return {
      code: row.code,
      kind: row.kind,
      registerName: row.name,
      countedAmongParticipants: row.kind !== 'trading_entity',
      joined: row.joined || null,
      sources: row.source.split(/\s+/).filter(Boolean),
      note: row.note || null,
      events,
    };
  });
}

/**
 * Fills an empty register with the real KP: participants with their dated status histories and
 * notes, the EU member states as territories of the EU, and the observers. Does nothing when the
 * register already holds participants, so it is safe on every start.
 */
export async function seedRegister(tx: Tx, dir = REFERENCE_DIR): Promise<{ seeded: boolean; participants: number }> {
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(participants);
  if (count > 0) return { seeded: false, participants: count };

  const entries = readRegisterFile(dir);
  for (const entry of entries) {
    await tx.insert(participants).values({
      code: entry.code,
      kind: entry.kind,
      registerName: entry.registerName,
      countedAmongParticipants: entry.countedAmongParticipants,
      joined: entry.joined,
      sources: entry.sources,
      note: entry.note,
    });
    if (entry.events.length > 0) {
      await tx.insert(participantStatusEvents).values(entry.events.map((event) => ({ id: newId(), participantCode: entry.code, ...event })));
    }
    await recordAudit(tx, {
      actor: SEED_ACTOR,
      action: 'participant.registered',
      entityType: 'participant',
      entityId: entry.code,
      participantCode: entry.code,
      data: { kind: entry.kind, registerName: entry.registerName, events: entry.events },
    });
  }

  const members = parseCsv(fs.readFileSync(path.join(dir, 'eu-member-states.csv'), 'utf8'));
  await tx.insert(territories).values(members.map((member) => ({ participantCode: 'EU', code: member.code, registerName: member.name })));
  await recordAudit(tx, {
    actor: SEED_ACTOR,
    action: 'participant.territories_registered',
    entityType: 'participant',
    entityId: 'EU',
    participantCode: 'EU',
    data: { territories: members.map((member) => member.code) },
  });

  const observerRows = parseCsv(fs.readFileSync(path.join(dir, 'kp-observers.csv'), 'utf8'));
  for (const row of observerRows) {
    await tx.insert(observers).values({
      code: row.short,
      name: row.name,
      kind: row.kind,
      sources: row.source.split(/\s+/).filter(Boolean),
      note: row.note || null,
    });
    await recordAudit(tx, {
      actor: SEED_ACTOR,
      action: 'observer.registered',
      entityType: 'observer',
      entityId: row.short,
      data: { name: row.name, kind: row.kind },
    });
  }
  return { seeded: true, participants: entries.length };
}
