CREATE TABLE "anomaly_case_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"kind" text NOT NULL,
	"body" text,
	"language" text
);
--> statement-breakpoint
CREATE TABLE "anomaly_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"participant_code" text NOT NULL,
	"partner_code" text,
	"period" text NOT NULL,
	"fingerprint" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "anomaly_case_events" ADD CONSTRAINT "anomaly_case_events_case_id_anomaly_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."anomaly_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_cases" ADD CONSTRAINT "anomaly_cases_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "anomaly_cases" ADD CONSTRAINT "anomaly_cases_partner_code_participants_code_fk" FOREIGN KEY ("partner_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "anomaly_case_events_case_idx" ON "anomaly_case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "anomaly_cases_fingerprint_unique" ON "anomaly_cases" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "anomaly_cases_participant_idx" ON "anomaly_cases" USING btree ("participant_code","status");