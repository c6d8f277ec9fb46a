CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"participant_code" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "authorities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"email" text,
	"phone" text,
	"territory_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"sources" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"licence_number" text NOT NULL,
	"licence_types" text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"suspended_at" timestamp with time zone,
	"suspension_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participant_status_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"participant_code" text NOT NULL,
	"status" text NOT NULL,
	"effective_on" date NOT NULL,
	"precision" text NOT NULL,
	"inferred" boolean DEFAULT false NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"register_name" text NOT NULL,
	"counted_among_participants" boolean NOT NULL,
	"joined" text,
	"sources" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"participant_code" text NOT NULL,
	"code" text NOT NULL,
	"register_name" text NOT NULL,
	CONSTRAINT "territories_participant_code_code_pk" PRIMARY KEY("participant_code","code")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"password_hash" text,
	"roles" text[] NOT NULL,
	"participant_code" text,
	"observer_code" text,
	"language" text DEFAULT 'en' NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authorities" ADD CONSTRAINT "authorities_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operators" ADD CONSTRAINT "operators_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_status_events" ADD CONSTRAINT "participant_status_events_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territories" ADD CONSTRAINT "territories_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_participant_code_participants_code_fk" FOREIGN KEY ("participant_code") REFERENCES "public"."participants"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_observer_code_observers_code_fk" FOREIGN KEY ("observer_code") REFERENCES "public"."observers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_participant_idx" ON "audit_log" USING btree ("participant_code");--> statement-breakpoint
CREATE INDEX "authorities_participant_idx" ON "authorities" USING btree ("participant_code");--> statement-breakpoint
CREATE UNIQUE INDEX "operators_licence_number_unique" ON "operators" USING btree ("participant_code","licence_number");--> statement-breakpoint
CREATE INDEX "participant_status_events_participant_idx" ON "participant_status_events" USING btree ("participant_code","effective_on");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_participant_idx" ON "users" USING btree ("participant_code");