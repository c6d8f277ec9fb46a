CREATE TABLE "admission_application_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admission_application_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
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
CREATE TABLE "admission_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"applicant_code" text NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"assessment" jsonb,
	"recommendation" text,
	"recommended_by" uuid,
	"recommended_at" timestamp with time zone,
	"decision_id" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "body_memberships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"body_code" text NOT NULL,
	"user_id" uuid NOT NULL,
	"position" text NOT NULL,
	"participant_code" text,
	"observer_code" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"appointed_by" uuid NOT NULL,
	"appointed_at" timestamp with time zone NOT NULL,
	"ended_by" uuid,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "chairmanships" (
	"year" integer PRIMARY KEY NOT NULL,
	"chair_participant_code" text NOT NULL,
	"vice_chair_participant_code" text,
	"decision_id" uuid,
	"note" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliant_zones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"compliant_from" date NOT NULL,
	"compliant_until" date,
	"legal_basis" text NOT NULL,
	"decision_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kp_bodies" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"grants_role" text,
	"subject_participant_code" text,
	"mandate" text,
	"decision_id" uuid,
	"dissolved_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_approvals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"certificate_id" uuid NOT NULL,
	"body_code" text NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "annual_reports" ADD COLUMN "shared_with_observers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "origin_zone_id" uuid;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "approval_body_code" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "shared_with_observers" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "embargo_measures" ADD COLUMN "decision_id" uuid;--> statement-breakpoint
ALTER TABLE "embargo_measures" ADD COLUMN "recorded_by" uuid;--> statement-breakpoint
ALTER TABLE "embargo_measures" ADD COLUMN "lifted_by" uuid;--> statement-breakpoint
ALTER TABLE "embargo_measures" ADD COLUMN "lift_legal_basis" text;--> statement-breakpoint
ALTER TABLE "peer_reviews" ADD COLUMN "shared_with_observers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "admission_application_files" ADD CONSTRAINT "admission_application_files_application_id_admission_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."admission_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_application_messages" ADD CONSTRAINT "admission_application_messages_application_id_admission_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."admission_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_applicant_code_participants_code_fk" FOREIGN KEY ("applicant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_memberships" ADD CONSTRAINT "body_memberships_body_code_kp_bodies_code_fk" FOREIGN KEY ("body_code") REFERENCES "public"."kp_bodies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_memberships" ADD CONSTRAINT "body_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chairmanships" ADD CONSTRAINT "chairmanships_chair_participant_code_participants_code_fk" FOREIGN KEY ("chair_participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chairmanships" ADD CONSTRAINT "chairmanships_vice_chair_participant_code_participants_code_fk" FOREIGN KEY ("vice_chair_participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliant_zones" ADD CONSTRAINT "compliant_zones_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kp_bodies" ADD CONSTRAINT "kp_bodies_subject_participant_code_participants_code_fk" FOREIGN KEY ("subject_participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_approvals" ADD CONSTRAINT "shipment_approvals_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_approvals" ADD CONSTRAINT "shipment_approvals_body_code_kp_bodies_code_fk" FOREIGN KEY ("body_code") REFERENCES "public"."kp_bodies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_application_files_application_idx" ON "admission_application_files" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "admission_application_messages_application_idx" ON "admission_application_messages" USING btree ("application_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "admission_applications_reference_unique" ON "admission_applications" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "admission_applications_applicant_idx" ON "admission_applications" USING btree ("applicant_code");--> statement-breakpoint
CREATE INDEX "body_memberships_user_idx" ON "body_memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "body_memberships_body_idx" ON "body_memberships" USING btree ("body_code","starts_on");--> statement-breakpoint
CREATE INDEX "compliant_zones_participant_idx" ON "compliant_zones" USING btree ("participant_code");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_approvals_certificate_unique" ON "shipment_approvals" USING btree ("certificate_id");--> statement-breakpoint
CREATE TRIGGER admission_application_messages_no_change BEFORE UPDATE OR DELETE ON admission_application_messages FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER admission_application_files_no_change BEFORE UPDATE OR DELETE ON admission_application_files FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER shipment_approvals_no_change BEFORE UPDATE OR DELETE ON shipment_approvals FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
