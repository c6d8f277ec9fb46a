import { eq } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { operators } from '../db/schema.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { findSite } from './custody-repository.ts';
import type { Shortfall } from './ledger.ts';

/** A shortfall in the words of a refusal: the actor and the site by name and licence, the day, the carats missing. */
export async function describeShortfallFor(tx: Tx, shortfall: Shortfall): Promise<{ actor: string; site: string; on: string; shortBy: string }> {
  const [operator] = await tx.select().from(operators).where(eq(operators.id, shortfall.operatorId));
  const site = await findSite(tx, shortfall.siteId);
  return {
    actor: operator ? `${operator.name} (${operator.licenceNumber})` : shortfall.operatorId,
    site: site ? `${site.name} (${site.licenceNumber})` : shortfall.siteId,
    on: shortfall.on,
    shortBy: formatHundredths(shortfall.shortBy),
  };
}
