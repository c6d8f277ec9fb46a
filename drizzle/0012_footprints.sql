CREATE TABLE "footprint_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"footprint_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "footprint_requirements" (
	"participant_code" text PRIMARY KEY NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "footprints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"area_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"participant_code" text NOT NULL,
	"region" text NOT NULL,
	"deposit_type" text NOT NULL,
	"series" text NOT NULL,
	"classes" jsonb NOT NULL,
	"morphology" jsonb,
	"colour" jsonb,
	"sample_stones" integer NOT NULL,
	"sample_carats" bigint NOT NULL,
	"sampled_on" date NOT NULL,
	"measured_by" text NOT NULL,
	"synthetic" boolean NOT NULL,
	"note" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parcel_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"certificate_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"source" text NOT NULL,
	"series" text NOT NULL,
	"classes" jsonb NOT NULL,
	"declared_area_id" uuid,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "footprint_photos" ADD CONSTRAINT "footprint_photos_footprint_id_footprints_id_fk" FOREIGN KEY ("footprint_id") REFERENCES "public"."footprints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "footprint_requirements" ADD CONSTRAINT "footprint_requirements_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "footprints" ADD CONSTRAINT "footprints_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcel_profiles" ADD CONSTRAINT "parcel_profiles_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "footprint_photos_footprint_idx" ON "footprint_photos" USING btree ("footprint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "footprints_area_version_unique" ON "footprints" USING btree ("area_id","version");--> statement-breakpoint
CREATE INDEX "footprints_participant_idx" ON "footprints" USING btree ("participant_code");--> statement-breakpoint
CREATE UNIQUE INDEX "parcel_profiles_parcel_source_unique" ON "parcel_profiles" USING btree ("certificate_id","position","source");--> statement-breakpoint
CREATE TRIGGER footprints_no_change BEFORE UPDATE OR DELETE ON footprints FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER footprint_photos_no_change BEFORE UPDATE OR DELETE ON footprint_photos FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER parcel_profiles_no_change BEFORE UPDATE OR DELETE ON parcel_profiles FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
