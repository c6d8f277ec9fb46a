CREATE TABLE "custody_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"site_id" uuid NOT NULL,
	"from_operator_id" uuid,
	"to_operator_id" uuid,
	"carats" bigint NOT NULL,
	"value_cents" bigint NOT NULL,
	"parcel_reference" text,
	"warranty" boolean DEFAULT false NOT NULL,
	"certificate_id" uuid,
	"parcel_position" integer,
	"supersedes" uuid,
	"cancelled" boolean DEFAULT false NOT NULL,
	"reason" text,
	"note" text,
	"client_ref" text,
	"request_hash" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internal_controls" (
	"participant_code" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"since" date NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mining_sites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"name" text NOT NULL,
	"licence_number" text NOT NULL,
	"holder_operator_id" uuid,
	"deposit_type" text NOT NULL,
	"artisanal" boolean NOT NULL,
	"region" text NOT NULL,
	"zone_id" uuid,
	"latitude" text,
	"longitude" text,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"suspended_at" timestamp with time zone,
	"suspension_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "registration_card" text;--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "cooperative_id" uuid;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_site_id_mining_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."mining_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_from_operator_id_operators_id_fk" FOREIGN KEY ("from_operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_to_operator_id_operators_id_fk" FOREIGN KEY ("to_operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internal_controls" ADD CONSTRAINT "internal_controls_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mining_sites" ADD CONSTRAINT "mining_sites_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mining_sites" ADD CONSTRAINT "mining_sites_holder_operator_id_operators_id_fk" FOREIGN KEY ("holder_operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mining_sites" ADD CONSTRAINT "mining_sites_zone_id_compliant_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."compliant_zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "custody_entries_participant_idx" ON "custody_entries" USING btree ("participant_code","occurred_on");--> statement-breakpoint
CREATE INDEX "custody_entries_from_idx" ON "custody_entries" USING btree ("from_operator_id","site_id");--> statement-breakpoint
CREATE INDEX "custody_entries_to_idx" ON "custody_entries" USING btree ("to_operator_id","site_id");--> statement-breakpoint
CREATE INDEX "custody_entries_certificate_idx" ON "custody_entries" USING btree ("certificate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "custody_entries_supersedes_unique" ON "custody_entries" USING btree ("supersedes");--> statement-breakpoint
CREATE UNIQUE INDEX "custody_entries_client_ref_unique" ON "custody_entries" USING btree ("participant_code","client_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "mining_sites_licence_number_unique" ON "mining_sites" USING btree ("participant_code","licence_number");--> statement-breakpoint
CREATE INDEX "mining_sites_participant_idx" ON "mining_sites" USING btree ("participant_code");--> statement-breakpoint
CREATE TRIGGER custody_entries_no_change BEFORE UPDATE OR DELETE ON custody_entries FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
