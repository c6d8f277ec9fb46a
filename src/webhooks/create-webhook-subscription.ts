import { recordAudit } from '../audit/record-audit.ts';
import { loadMasterKey } from '../certificates/signing-keys.ts';
import { webhookSubscriptions } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/roles.ts';
import { canManageSubscription, toSubscriptionDto } from './webhook-repository.ts';
import type { WebhookSubscriptionDraft, WebhookSubscriptionDto } from './schemas.ts';
import { webhookTargetProblem } from './target-policy.ts';
import { newWebhookSecret, sealBytes } from './webhook-secrets.ts';

/**
 * Subscribes the actor's participant (its national system) to events. The signing secret is
 * returned once, here, and kept sealed under the master key; it never reaches the audit log.
 *
 * @example
 * const { secret } = await createWebhookSubscription({ actor, draft: { url: 'https://kp.gov.bw/hooks', events: ['receipt.recorded'] } }, deps);
 */
export async function createWebhookSubscription(
  { actor, draft }: { actor: Actor; draft: WebhookSubscriptionDraft },
  deps: Deps,
): Promise<WebhookSubscriptionDto & { secret: string }> {
  const participantCode = actor.participantCode;
  if (!participantCode || !canManageSubscription(actor, participantCode)) throw new AppError('FORBIDDEN');
  if (await webhookTargetProblem(draft.url, { allowPrivate: deps.config.webhookAllowPrivateTargets })) throw new AppError('WEBHOOK_URL_NOT_ALLOWED', { url: draft.url });
  const id = newId();
  const secret = newWebhookSecret();
  const sealedSecret = sealBytes(Buffer.from(secret, 'utf8'), loadMasterKey(deps.config));
  const row = await transact(deps, async (tx) => {
    const [inserted] = await tx
      .insert(webhookSubscriptions)
      .values({ id, participantCode, url: draft.url, sealedSecret, events: draft.events, createdBy: actor.userId, createdAt: deps.now() })
      .returning();
    await recordAudit(tx, { actor, action: 'webhook.subscribed', entityType: 'webhook_subscription', entityId: id, participantCode, data: { host: new URL(draft.url).host, events: draft.events } });
    return inserted;
  });
  return { ...toSubscriptionDto(row), secret };
}

