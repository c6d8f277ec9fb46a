import { z } from 'zod';
import { hasRole, type Actor } from './roles.ts';

/**
 * Observers (industry, civil society) read what the KP shares with them, record by record: a
 * decision, an annual report, a peer review is either shared with observers or "KP ONLY"
 * (the marking the KP adopted in 2010, KPCS-DOMAIN §6).
 */
export const SharingDraftSchema = z
  .object({ sharedWithObservers: z.boolean().meta({ description: 'true: observers may read the record; false: KP ONLY' }) })
  .strict()
  .meta({ id: 'SharingDraft' });
export type SharingDraft = z.infer<typeof SharingDraftSchema>;

/** True when the actor reads as an observer organisation and the record is shared with observers. */
export function observerMayRead(actor: Actor | null, record: { sharedWithObservers: boolean }): boolean {
  return actor !== null && actor.observerCode !== null && hasRole(actor, 'observer') && record.sharedWithObservers;
}
