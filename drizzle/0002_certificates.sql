CREATE TABLE "certificate_counters" (
	"participant_code" text NOT NULL,
	"year" integer NOT NULL,
	"last_serial" integer NOT NULL,
	CONSTRAINT "certificate_counters_participant_code_year_pk" PRIMARY KEY("participant_code","year")
);
--> statement-breakpoint
CREATE TABLE "certificate_parcels" (
	"certificate_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"hs_code" text NOT NULL,
	"carats" bigint NOT NULL,
	"value_cents" bigint NOT NULL,
	CONSTRAINT "certificate_parcels_certificate_id_position_pk" PRIMARY KEY("certificate_id","position")
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"participant_code" text NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"territory_code" text,
	"importing_participant" text NOT NULL,
	"status" text NOT NULL,
	"issue_date" date NOT NULL,
	"expiry_date" date NOT NULL,
	"exporter_operator_id" uuid,
	"total_carats" bigint NOT NULL,
	"total_value_cents" bigint NOT NULL,
	"parcel_count" integer NOT NULL,
	"document" jsonb NOT NULL,
	"seal" text NOT NULL,
	"kid" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"replaces_number" text,
	"replaced_by_number" text,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"idempotency_key" text,
	"request_hash" text
);
--> statement-breakpoint
CREATE TABLE "embargo_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"origin_code" text NOT NULL,
	"legal_basis" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_settings" (
	"participant_code" text PRIMARY KEY NOT NULL,
	"certificate_validity_days" integer NOT NULL,
	"certificate_language" text NOT NULL,
	"mixed_origin_wording" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"participant_code" text,
	"public_key" text NOT NULL,
	"sealed_private_key" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_counters" ADD CONSTRAINT "certificate_counters_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_parcels" ADD CONSTRAINT "certificate_parcels_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_importing_participant_participants_code_fk" FOREIGN KEY ("importing_participant") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_exporter_operator_id_operators_id_fk" FOREIGN KEY ("exporter_operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_kid_signing_keys_kid_fk" FOREIGN KEY ("kid") REFERENCES "public"."signing_keys"("kid") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_settings" ADD CONSTRAINT "participant_settings_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_number_unique" ON "certificates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_serial_unique" ON "certificates" USING btree ("participant_code","year","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_idempotency_unique" ON "certificates" USING btree ("participant_code","idempotency_key");--> statement-breakpoint
CREATE INDEX "certificates_importing_idx" ON "certificates" USING btree ("importing_participant","issue_date");--> statement-breakpoint
CREATE INDEX "certificates_issuing_idx" ON "certificates" USING btree ("participant_code","issue_date");--> statement-breakpoint
CREATE INDEX "signing_keys_participant_idx" ON "signing_keys" USING btree ("participant_code");