import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.ts';

/**
 * A fingerprint of everything stored: row counts of each table plus the audit chain head.
 * Two equal fingerprints around a refused request show it changed nothing.
 */
export async function storedState(db: Db): Promise<Record<string, unknown>> {
  const tables = [
    'participants',
    'participant_status_events',
    'territories',
    'observers',
    'authorities',
    'operators',
    'internal_controls',
    'mining_sites',
    'custody_entries',
    'users',
    'sessions',
    'api_tokens',
    'audit_log',
    'certificates',
    'certificate_receipts',
    'certificate_reports',
    'certificate_report_comments',
    'certificate_report_files',
    'webhook_deliveries',
    'production_returns',
    'statistics_imports',
    'anomaly_cases',
    'anomaly_case_events',
    'decisions',
    'decision_positions',
    'decision_comments',
    'annual_reports',
    'annual_report_files',
    'annual_report_messages',
    'peer_reviews',
    'peer_review_team_members',
    'peer_review_files',
    'peer_review_comments',
    'peer_review_recommendations',
    'peer_review_recommendation_events',
    'notifications',
    'notification_emails',
    'embargo_measures',
    'kp_bodies',
    'body_memberships',
    'chairmanships',
    'admission_applications',
    'admission_application_files',
    'admission_application_messages',
    'compliant_zones',
    'shipment_approvals',
    'footprints',
    'footprint_photos',
    'footprint_requirements',
    'parcel_profiles',
  ];
  const state: Record<string, unknown> = {};
  for (const table of tables) {
    const result = await db.execute(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${table} t`));
    const row = (result as unknown as { rows: { n: number; h: string }[] }).rows[0];
    state[table] = `${row.n}:${row.h}`;
  }
  const head = await db.execute(sql`select seq, hash from audit_head`);
  state.audit_head = (head as unknown as { rows: unknown[] }).rows[0];
  return state;
}
