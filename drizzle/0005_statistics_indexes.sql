-- Statistics aggregate certificates by issue date over counted certificates only (issued or
-- received): a covering partial index lets the yearly sums read the index, not the documents.
CREATE INDEX IF NOT EXISTS certificates_statistics_idx ON certificates (issue_date)
  INCLUDE (participant_code, importing_participant, total_carats, total_value_cents)
  WHERE status IN ('issued', 'received');
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS certificates_excluded_idx ON certificates (id) WHERE status NOT IN ('issued', 'received');
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS certificate_receipts_received_on_idx ON certificate_receipts (received_on) INCLUDE (carats);
