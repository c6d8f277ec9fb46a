CREATE TABLE "annual_report_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"section" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annual_report_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"question_id" uuid,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"user_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"on_behalf_of" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annual_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"statistics" jsonb,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"on_behalf_of" text,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_positions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"participant_code" text NOT NULL,
	"position" text NOT NULL,
	"comment" text,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"meeting" text,
	"communique" text,
	"adopted_on" date,
	"effective_on" date,
	"circulated_at" timestamp with time zone,
	"deadline" timestamp with time zone,
	"eligible" text[] DEFAULT '{}'::text[] NOT NULL,
	"required_support" integer,
	"effects" jsonb NOT NULL,
	"outcome" jsonb,
	"decided_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "annual_report_files" ADD CONSTRAINT "annual_report_files_report_id_annual_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."annual_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_report_messages" ADD CONSTRAINT "annual_report_messages_report_id_annual_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."annual_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_comments" ADD CONSTRAINT "decision_comments_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_positions" ADD CONSTRAINT "decision_positions_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_positions" ADD CONSTRAINT "decision_positions_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "annual_report_files_report_idx" ON "annual_report_files" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "annual_report_messages_report_idx" ON "annual_report_messages" USING btree ("report_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "annual_reports_participant_year_unique" ON "annual_reports" USING btree ("participant_code","year");--> statement-breakpoint
CREATE INDEX "decision_comments_decision_idx" ON "decision_comments" USING btree ("decision_id","at");--> statement-breakpoint
CREATE INDEX "decision_positions_decision_idx" ON "decision_positions" USING btree ("decision_id","participant_code","at");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_reference_unique" ON "decisions" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "decisions_status_deadline_idx" ON "decisions" USING btree ("status","deadline");--> statement-breakpoint
-- Positions, comments and review messages are the record: never changed, never deleted.
CREATE TRIGGER decision_positions_no_change BEFORE UPDATE OR DELETE ON decision_positions FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER decision_comments_no_change BEFORE UPDATE OR DELETE ON decision_comments FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER annual_report_messages_no_change BEFORE UPDATE OR DELETE ON annual_report_messages FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
