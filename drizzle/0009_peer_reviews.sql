CREATE TABLE "peer_review_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"review_id" uuid NOT NULL,
	"body" text NOT NULL,
	"language" text NOT NULL,
	"user_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peer_review_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"review_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peer_review_recommendation_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"user_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"on_behalf_of" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peer_review_recommendations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"review_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_name" text,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "peer_review_team_members" (
	"review_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"participant_code" text,
	"observer_code" text,
	"leader" boolean NOT NULL,
	CONSTRAINT "peer_review_team_members_review_id_user_id_pk" PRIMARY KEY("review_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "peer_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"host_participant_code" text NOT NULL,
	"decision_id" uuid,
	"scope" text NOT NULL,
	"status" text NOT NULL,
	"invited_by" uuid NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"team_formed_at" timestamp with time zone,
	"visit_starts_on" date,
	"visit_ends_on" date,
	"visit_scheduled_at" timestamp with time zone,
	"draft_report" text,
	"draft_report_by" uuid,
	"draft_report_at" timestamp with time zone,
	"host_commented_at" timestamp with time zone,
	"final_report" text,
	"final_report_by" uuid,
	"final_report_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closing_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "peer_review_comments" ADD CONSTRAINT "peer_review_comments_review_id_peer_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."peer_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review_files" ADD CONSTRAINT "peer_review_files_review_id_peer_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."peer_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review_recommendation_events" ADD CONSTRAINT "peer_review_recommendation_events_recommendation_id_peer_review_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."peer_review_recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review_recommendations" ADD CONSTRAINT "peer_review_recommendations_review_id_peer_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."peer_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review_team_members" ADD CONSTRAINT "peer_review_team_members_review_id_peer_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."peer_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review_team_members" ADD CONSTRAINT "peer_review_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviews" ADD CONSTRAINT "peer_reviews_host_participant_code_participants_code_fk" FOREIGN KEY ("host_participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviews" ADD CONSTRAINT "peer_reviews_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "peer_review_comments_review_idx" ON "peer_review_comments" USING btree ("review_id","at");--> statement-breakpoint
CREATE INDEX "peer_review_files_review_idx" ON "peer_review_files" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "peer_review_recommendation_events_idx" ON "peer_review_recommendation_events" USING btree ("recommendation_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "peer_review_recommendations_number_unique" ON "peer_review_recommendations" USING btree ("review_id","number");--> statement-breakpoint
CREATE INDEX "peer_review_recommendations_status_idx" ON "peer_review_recommendations" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "peer_review_team_members_user_idx" ON "peer_review_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peer_reviews_reference_unique" ON "peer_reviews" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "peer_reviews_host_idx" ON "peer_reviews" USING btree ("host_participant_code","invited_at");--> statement-breakpoint
-- The host's comments and the follow-up of recommendations are the record: never changed, never deleted.
CREATE TRIGGER peer_review_comments_no_change BEFORE UPDATE OR DELETE ON peer_review_comments FOR EACH ROW EXECUTE FUNCTION record_refuse_change();--> statement-breakpoint
CREATE TRIGGER peer_review_recommendation_events_no_change BEFORE UPDATE OR DELETE ON peer_review_recommendation_events FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
