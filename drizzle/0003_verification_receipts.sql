CREATE TABLE "certificate_receipts" (
	"certificate_id" uuid PRIMARY KEY NOT NULL,
	"certificate_number" text NOT NULL,
	"participant_code" text NOT NULL,
	"received_on" date NOT NULL,
	"parcel_count" integer NOT NULL,
	"carats" bigint NOT NULL,
	"importer_name" text NOT NULL,
	"exporter_name" text NOT NULL,
	"seal_intact" boolean NOT NULL,
	"notes" text,
	"outcome" text NOT NULL,
	"discrepancies" jsonb NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"via" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_report_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_label" text NOT NULL,
	"participant_code" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_report_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"certificate_number" text NOT NULL,
	"certificate_id" uuid,
	"issuing_participant" text,
	"reporting_participant" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"description" text NOT NULL,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "verification_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"claimed_number" text,
	"claimed_issuer" text,
	"verdict" text NOT NULL,
	"reasons" text[] NOT NULL,
	"client_hash" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"url" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"events" text[] NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "certificate_receipts" ADD CONSTRAINT "certificate_receipts_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_receipts" ADD CONSTRAINT "certificate_receipts_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_report_comments" ADD CONSTRAINT "certificate_report_comments_report_id_certificate_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."certificate_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_report_files" ADD CONSTRAINT "certificate_report_files_report_id_certificate_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."certificate_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_reports" ADD CONSTRAINT "certificate_reports_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_reports" ADD CONSTRAINT "certificate_reports_reporting_participant_participants_code_fk" FOREIGN KEY ("reporting_participant") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."webhook_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "webhook_subscriptions_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_receipts_participant_idx" ON "certificate_receipts" USING btree ("participant_code","received_on");--> statement-breakpoint
CREATE INDEX "certificate_report_comments_report_idx" ON "certificate_report_comments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "certificate_report_files_report_idx" ON "certificate_report_files" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "certificate_reports_number_idx" ON "certificate_reports" USING btree ("certificate_number");--> statement-breakpoint
CREATE INDEX "certificate_reports_issuer_idx" ON "certificate_reports" USING btree ("issuing_participant");--> statement-breakpoint
CREATE INDEX "certificate_reports_reporter_idx" ON "certificate_reports" USING btree ("reporting_participant");--> statement-breakpoint
CREATE INDEX "verification_attempts_issuer_idx" ON "verification_attempts" USING btree ("claimed_issuer","at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_participant_idx" ON "webhook_subscriptions" USING btree ("participant_code");--> statement-breakpoint
-- Receipts, the log of failed verifications, and the evidence and comments on reports are
-- records: once written they are never changed or deleted, and the database itself refuses it.
CREATE OR REPLACE FUNCTION record_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER certificate_receipts_no_change BEFORE UPDATE OR DELETE ON certificate_receipts FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER verification_attempts_no_change BEFORE UPDATE OR DELETE ON verification_attempts FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER certificate_report_comments_no_change BEFORE UPDATE OR DELETE ON certificate_report_comments FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
--> statement-breakpoint
CREATE TRIGGER certificate_report_files_no_change BEFORE UPDATE OR DELETE ON certificate_report_files FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
