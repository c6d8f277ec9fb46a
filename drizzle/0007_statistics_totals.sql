CREATE TABLE "receipt_totals" (
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"participant_code" text NOT NULL,
	"certificates" bigint NOT NULL,
	"carats" bigint NOT NULL,
	CONSTRAINT "receipt_totals_pk" PRIMARY KEY("year","quarter","participant_code")
);
--> statement-breakpoint
CREATE TABLE "trade_totals" (
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"participant_code" text NOT NULL,
	"territory_code" text NOT NULL,
	"importing_participant" text NOT NULL,
	"certificates" bigint NOT NULL,
	"carats" bigint NOT NULL,
	"value_cents" bigint NOT NULL,
	CONSTRAINT "trade_totals_pk" PRIMARY KEY("year","quarter","participant_code","territory_code","importing_participant")
);
--> statement-breakpoint
CREATE TABLE "trade_totals_by_hs_code" (
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"participant_code" text NOT NULL,
	"importing_participant" text NOT NULL,
	"hs_code" text NOT NULL,
	"certificates" bigint NOT NULL,
	"carats" bigint NOT NULL,
	"value_cents" bigint NOT NULL,
	CONSTRAINT "trade_totals_by_hs_code_pk" PRIMARY KEY("year","quarter","participant_code","importing_participant","hs_code")
);
--> statement-breakpoint
CREATE INDEX "trade_totals_importing_idx" ON "trade_totals" USING btree ("importing_participant","year");--> statement-breakpoint
CREATE INDEX "trade_totals_by_hs_code_importing_idx" ON "trade_totals_by_hs_code" USING btree ("importing_participant","year");--> statement-breakpoint
-- Public statistics read these totals instead of aggregating every certificate. The database keeps
-- them, in the transaction of the write, so no write path (issue, receipt, void, replace, a manual
-- fix) can forget them and they always equal the sums over certificates, parcels and receipts.
-- Triggers are per statement with transition tables: a bulk load costs one grouped upsert, not
-- one per row. A certificate counts while it is issued or received; a receipt counts while its
-- certificate does. A bucket that falls to zero certificates is removed, as it would be absent from
-- the raw GROUP BY. Buckets are upserted in key order, so concurrent writers lock them in one order.
LOCK TABLE certificates, certificate_parcels, certificate_receipts IN SHARE MODE;
--> statement-breakpoint
INSERT INTO trade_totals (year, quarter, participant_code, territory_code, importing_participant, certificates, carats, value_cents)
SELECT extract(year FROM c.issue_date)::int, extract(quarter FROM c.issue_date)::int, c.participant_code, coalesce(c.territory_code, ''), c.importing_participant,
  count(*), sum(c.total_carats), sum(c.total_value_cents)
FROM certificates c WHERE c.status IN ('issued', 'received') GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO trade_totals_by_hs_code (year, quarter, participant_code, importing_participant, hs_code, certificates, carats, value_cents)
SELECT extract(year FROM c.issue_date)::int, extract(quarter FROM c.issue_date)::int, c.participant_code, c.importing_participant, p.hs_code,
  count(*), sum(p.carats), sum(p.value_cents)
FROM certificates c
JOIN (SELECT certificate_id, hs_code, sum(carats) AS carats, sum(value_cents) AS value_cents FROM certificate_parcels GROUP BY 1, 2) p ON p.certificate_id = c.id
WHERE c.status IN ('issued', 'received') GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO receipt_totals (year, quarter, participant_code, certificates, carats)
SELECT extract(year FROM r.received_on)::int, extract(quarter FROM r.received_on)::int, r.participant_code, count(*), sum(r.carats)
FROM certificate_receipts r
WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.id = r.certificate_id AND c.status NOT IN ('issued', 'received'))
GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION statistics_totals_on_certificates() RETURNS trigger AS $$
DECLARE
  counted CONSTANT text := $q$ c.status IN ('issued', 'received') $q$;
  delta text;
  touched bigint;
BEGIN
  -- Each changed certificate leaves its old row's contribution (-1) and brings its new row's (+1);
  -- an update that changes nothing counted cancels out and writes nothing.
  delta := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, c.* FROM new_certificates c WHERE' || counted
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, c.* FROM old_certificates c WHERE' || counted
    ELSE 'SELECT -1 AS sign, c.* FROM old_certificates c WHERE' || counted || ' UNION ALL SELECT 1 AS sign, c.* FROM new_certificates c WHERE' || counted
  END;
  EXECUTE 'WITH delta AS (' || delta || $q$)
    INSERT INTO trade_totals AS t (year, quarter, participant_code, territory_code, importing_participant, certificates, carats, value_cents)
    SELECT extract(year FROM d.issue_date)::int, extract(quarter FROM d.issue_date)::int, d.participant_code, coalesce(d.territory_code, ''), d.importing_participant,
      sum(d.sign), sum(d.sign * d.total_carats), sum(d.sign * d.total_value_cents)
    FROM delta d GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.sign) <> 0 OR sum(d.sign * d.total_carats) <> 0 OR sum(d.sign * d.total_value_cents) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT trade_totals_pk DO UPDATE
      SET certificates = t.certificates + excluded.certificates, carats = t.carats + excluded.carats, value_cents = t.value_cents + excluded.value_cents$q$;
  GET DIAGNOSTICS touched = ROW_COUNT;
  IF TG_OP <> 'INSERT' AND touched > 0 THEN
    DELETE FROM trade_totals WHERE certificates = 0;
  END IF;
  -- A new certificate has no parcels or receipt yet (both reference it): only changes move those.
  IF TG_OP = 'INSERT' THEN
    RETURN NULL;
  END IF;
  EXECUTE 'WITH delta AS (' || delta || $q$)
    INSERT INTO trade_totals_by_hs_code AS t (year, quarter, participant_code, importing_participant, hs_code, certificates, carats, value_cents)
    SELECT extract(year FROM d.issue_date)::int, extract(quarter FROM d.issue_date)::int, d.participant_code, d.importing_participant, p.hs_code,
      sum(d.sign), sum(d.sign * p.carats), sum(d.sign * p.value_cents)
    FROM delta d
    JOIN LATERAL (SELECT hs_code, sum(carats) AS carats, sum(value_cents) AS value_cents FROM certificate_parcels WHERE certificate_id = d.id GROUP BY hs_code) p ON true
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.sign) <> 0 OR sum(d.sign * p.carats) <> 0 OR sum(d.sign * p.value_cents) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT trade_totals_by_hs_code_pk DO UPDATE
      SET certificates = t.certificates + excluded.certificates, carats = t.carats + excluded.carats, value_cents = t.value_cents + excluded.value_cents$q$;
  GET DIAGNOSTICS touched = ROW_COUNT;
  IF touched > 0 THEN
    DELETE FROM trade_totals_by_hs_code WHERE certificates = 0;
  END IF;
  EXECUTE 'WITH delta AS (' || delta || $q$)
    INSERT INTO receipt_totals AS t (year, quarter, participant_code, certificates, carats)
    SELECT extract(year FROM r.received_on)::int, extract(quarter FROM r.received_on)::int, r.participant_code, sum(d.sign), sum(d.sign * r.carats)
    FROM delta d JOIN certificate_receipts r ON r.certificate_id = d.id
    GROUP BY 1, 2, 3
    HAVING sum(d.sign) <> 0 OR sum(d.sign * r.carats) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT ON CONSTRAINT receipt_totals_pk DO UPDATE
      SET certificates = t.certificates + excluded.certificates, carats = t.carats + excluded.carats$q$;
  GET DIAGNOSTICS touched = ROW_COUNT;
  IF touched > 0 THEN
    DELETE FROM receipt_totals WHERE certificates = 0;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificates_statistics_insert AFTER INSERT ON certificates REFERENCING NEW TABLE AS new_certificates
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_certificates();
--> statement-breakpoint
CREATE TRIGGER certificates_statistics_update AFTER UPDATE ON certificates REFERENCING OLD TABLE AS old_certificates NEW TABLE AS new_certificates
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_certificates();
--> statement-breakpoint
CREATE TRIGGER certificates_statistics_delete AFTER DELETE ON certificates REFERENCING OLD TABLE AS old_certificates
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_certificates();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION statistics_totals_on_parcels() RETURNS trigger AS $$
BEGIN
  -- A certificate counts once per HS code: only when these are its first parcels of that code.
  INSERT INTO trade_totals_by_hs_code AS t (year, quarter, participant_code, importing_participant, hs_code, certificates, carats, value_cents)
  SELECT extract(year FROM c.issue_date)::int, extract(quarter FROM c.issue_date)::int, c.participant_code, c.importing_participant, n.hs_code,
    count(*) FILTER (WHERE n.parcels = (SELECT count(*) FROM certificate_parcels p WHERE p.certificate_id = n.certificate_id AND p.hs_code = n.hs_code)),
    sum(n.carats), sum(n.value_cents)
  FROM (SELECT certificate_id, hs_code, count(*) AS parcels, sum(carats) AS carats, sum(value_cents) AS value_cents FROM new_parcels GROUP BY 1, 2) n
  -- Each certificate by its primary key (OFFSET 0 keeps the lookup per row): a bulk load of parcels
  -- must not make the planner scan every certificate.
  CROSS JOIN LATERAL (SELECT * FROM certificates c WHERE c.id = n.certificate_id AND c.status IN ('issued', 'received') OFFSET 0) c
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT trade_totals_by_hs_code_pk DO UPDATE
    SET certificates = t.certificates + excluded.certificates, carats = t.carats + excluded.carats, value_cents = t.value_cents + excluded.value_cents;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificate_parcels_statistics_insert AFTER INSERT ON certificate_parcels REFERENCING NEW TABLE AS new_parcels
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_parcels();
--> statement-breakpoint
-- The parcels are what the certificate was signed for: like receipts, they are never changed.
CREATE TRIGGER certificate_parcels_no_change BEFORE UPDATE OR DELETE ON certificate_parcels FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION statistics_totals_on_receipts() RETURNS trigger AS $$
BEGIN
  INSERT INTO receipt_totals AS t (year, quarter, participant_code, certificates, carats)
  SELECT extract(year FROM r.received_on)::int, extract(quarter FROM r.received_on)::int, r.participant_code, count(*), sum(r.carats)
  FROM new_receipts r
  WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.id = r.certificate_id AND c.status NOT IN ('issued', 'received'))
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT ON CONSTRAINT receipt_totals_pk DO UPDATE
    SET certificates = t.certificates + excluded.certificates, carats = t.carats + excluded.carats;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificate_receipts_statistics_insert AFTER INSERT ON certificate_receipts REFERENCING NEW TABLE AS new_receipts
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_receipts();
--> statement-breakpoint
-- Receipts refuse UPDATE and DELETE (0003); TRUNCATE skips row triggers, so it empties the totals too.
CREATE OR REPLACE FUNCTION statistics_totals_on_truncate() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'certificates' THEN
    DELETE FROM trade_totals;
  END IF;
  IF TG_TABLE_NAME IN ('certificates', 'certificate_parcels') THEN
    DELETE FROM trade_totals_by_hs_code;
  END IF;
  IF TG_TABLE_NAME IN ('certificates', 'certificate_receipts') THEN
    DELETE FROM receipt_totals;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificates_statistics_truncate AFTER TRUNCATE ON certificates FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_truncate();
--> statement-breakpoint
CREATE TRIGGER certificate_parcels_statistics_truncate AFTER TRUNCATE ON certificate_parcels FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_truncate();
--> statement-breakpoint
CREATE TRIGGER certificate_receipts_statistics_truncate AFTER TRUNCATE ON certificate_receipts FOR EACH STATEMENT EXECUTE FUNCTION statistics_totals_on_truncate();
