CREATE TABLE "production_returns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"year" integer NOT NULL,
	"half" integer NOT NULL,
	"version" integer NOT NULL,
	"report_type" text NOT NULL,
	"carats" bigint NOT NULL,
	"value_cents" bigint NOT NULL,
	"asm_carats" bigint,
	"asm_value_cents" bigint,
	"lsm_carats" bigint,
	"lsm_value_cents" bigint,
	"source" text NOT NULL,
	"import_batch_id" uuid,
	"note" text,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"returns" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "production_returns" ADD CONSTRAINT "production_returns_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "production_returns_version_unique" ON "production_returns" USING btree ("participant_code","year","half","version");--> statement-breakpoint
CREATE INDEX "production_returns_period_idx" ON "production_returns" USING btree ("year","half");--> statement-breakpoint
-- A production return is never changed: a correction is a new version.
CREATE TRIGGER production_returns_no_change BEFORE UPDATE OR DELETE ON production_returns FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
