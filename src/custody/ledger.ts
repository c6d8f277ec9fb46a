/**
 * The custody ledger as pure functions (issue #9). Every entry moves carats of one origin site:
 * production brings them into an actor's stock, a sale or transfer moves them from one actor to
 * another, an export takes them out onto a certificate. Stock is kept per actor and origin site.
 *
 * The rule the whole module guards: **no actor's stock of an origin is ever negative, at any date**.
 * An actor cannot sell on the 3rd what it only bought on the 5th, even if its stock today covers
 * it. On one day, what comes in counts before what goes out.
 */

export const CUSTODY_KINDS = ['production', 'sale', 'transfer', 'export'] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

export interface LedgerEntry {
  id: string;
  kind: CustodyKind;
  occurredOn: string;
  siteId: string;
  fromOperatorId: string | null;
  toOperatorId: string | null;
  /** Hundredths of a carat. */
  carats: number;
  supersedes: string | null;
  cancelled: boolean;
}

/** An actor's stock of one origin site. */
export interface StockKey {
  operatorId: string;
  siteId: string;
}

export interface Shortfall extends StockKey {
  /** The first day the running stock is below zero. */
  on: string;
  /** Hundredths of a carat missing on that day. */
  shortBy: number;
}

export const stockKeyOf = ({ operatorId, siteId }: StockKey): string => `${operatorId}|${siteId}`;

/** The entries that count: not superseded by a correction, and not a cancellation. */
export function entriesInForce<T extends LedgerEntry>(entries: readonly T[]): T[] {
  const superseded = new Set(entries.flatMap((entry) => (entry.supersedes ? [entry.supersedes] : [])));
  return entries.filter((entry) => !superseded.has(entry.id) && !entry.cancelled);
}

/** Every stock an entry touches: the giver's and the receiver's, for its origin site. */
export function stockKeysOf(entry: Pick<LedgerEntry, 'fromOperatorId' | 'toOperatorId' | 'siteId'>): StockKey[] {
  return [entry.fromOperatorId, entry.toOperatorId].flatMap((operatorId) => (operatorId ? [{ operatorId, siteId: entry.siteId }] : []));
}

/** Movements of one stock, in date order, incoming before outgoing on the same day. */
function movementsOf(entries: readonly LedgerEntry[], key: StockKey): { on: string; delta: number }[] {
  const movements: { on: string; delta: number }[] = [];
  for (const entry of entries) {
    if (entry.siteId !== key.siteId) continue;
    if (entry.toOperatorId === key.operatorId) movements.push({ on: entry.occurredOn, delta: entry.carats });
    if (entry.fromOperatorId === key.operatorId) movements.push({ on: entry.occurredOn, delta: -entry.carats });
  }
  return movements.sort((a, b) => (a.on === b.on ? b.delta - a.delta : a.on < b.on ? -1 : 1));
}

/**
 * The first day a stock runs below zero over the entries in force, or null. `opening` is the stock
 * carried in from before the first of `entriesInForceNow` (when only recent entries were loaded).
 */
export function shortfallOf(entriesInForceNow: readonly LedgerEntry[], key: StockKey, opening = 0): Shortfall | null {
  let running = opening;
  for (const movement of movementsOf(entriesInForceNow, key)) {
    running += movement.delta;
    if (running < 0) return { ...key, on: movement.on, shortBy: -running };
  }
  return null;
}

/**
 * The first shortfall among `keys` once `entries` are in force (all entries, corrections included).
 * `openings` gives, per stock key, the stock carried in from before the entries given (default 0).
 */
export function firstShortfall(entries: readonly LedgerEntry[], keys: readonly StockKey[], openings: ReadonlyMap<string, number> = new Map()): Shortfall | null {
  const inForce = entriesInForce(entries);
  const seen = new Set<string>();
  const found: Shortfall[] = [];
  for (const key of keys) {
    if (seen.has(stockKeyOf(key))) continue;
    seen.add(stockKeyOf(key));
    const shortfall = shortfallOf(inForce, key, openings.get(stockKeyOf(key)) ?? 0);
    if (shortfall) found.push(shortfall);
  }
  return found.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0] ?? null;
}

/** A stock's balance at the end of each day it moves, from `opening`. */
function endOfDayBalances(entriesInForceNow: readonly LedgerEntry[], key: StockKey, opening: number): Map<string, number> {
  const balances = new Map<string, number>();
  let running = opening;
  for (const movement of movementsOf(entriesInForceNow, key)) {
    running += movement.delta;
    balances.set(movement.on, running);
  }
  return balances;
}

/**
 * The first shortfall `changes` cause among `keys`: a day a stock ends below zero and lower than it
 * would without them. A stock already short (records imported before the check existed) may stay
 * short, and may be topped up, but no change may take it lower on any day. Over a ledger with no
 * such records this is exactly `firstShortfall`. `openings` as for `firstShortfall`.
 */
export function shortfallCausedBy(
  current: readonly LedgerEntry[],
  changes: readonly LedgerEntry[],
  keys: readonly StockKey[],
  openings: ReadonlyMap<string, number> = new Map(),
): Shortfall | null {
  const before = entriesInForce(current);
  const after = entriesInForce([...current, ...changes]);
  let first: Shortfall | null = null;
  for (const key of new Map(keys.map((candidate) => [stockKeyOf(candidate), candidate])).values()) {
    const opening = openings.get(stockKeyOf(key)) ?? 0;
    const balancesBefore = endOfDayBalances(before, key, opening);
    const balancesAfter = endOfDayBalances(after, key, opening);
    let then = opening;
    let was = opening;
    for (const day of [...new Set([...balancesBefore.keys(), ...balancesAfter.keys()])].sort()) {
      then = balancesAfter.get(day) ?? then;
      was = balancesBefore.get(day) ?? was;
      if (then < 0 && then < was) {
        if (!first || day < first.on) first = { ...key, on: day, shortBy: -then };
        break;
      }
    }
  }
  return first;
}

/** Stock of an actor and origin as of a day (inclusive), over the entries in force. */
export function stockOn(entriesInForceNow: readonly LedgerEntry[], key: StockKey, day: string): number {
  return movementsOf(entriesInForceNow, key)
    .filter((movement) => movement.on <= day)
    .reduce((sum, movement) => sum + movement.delta, 0);
}

/** Every actor's stock per origin today (over the entries in force), zero stocks left out. */
export function stocks(entriesInForceNow: readonly LedgerEntry[]): Map<string, StockKey & { carats: number }> {
  const totals = new Map<string, StockKey & { carats: number }>();
  const add = (operatorId: string | null, siteId: string, delta: number) => {
    if (!operatorId) return;
    const key = stockKeyOf({ operatorId, siteId });
    const line = totals.get(key) ?? { operatorId, siteId, carats: 0 };
    line.carats += delta;
    totals.set(key, line);
  };
  for (const entry of entriesInForceNow) {
    add(entry.toOperatorId, entry.siteId, entry.carats);
    add(entry.fromOperatorId, entry.siteId, -entry.carats);
  }
  for (const [key, line] of totals) if (line.carats === 0) totals.delete(key);
  return totals;
}
