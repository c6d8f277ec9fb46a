import type { Config } from './config.ts';
import type { Db, Tx } from './db/database.ts';
import { inTransaction } from './db/transaction.ts';

/** What use cases receive: the database, settings and a clock (tests move time). */
export interface Deps {
  db: Db;
  config: Config;
  now: () => Date;
  /** Called with each transaction's duration in seconds (metrics). */
  observeTransaction?: (seconds: number) => void;
}

/** The one way writers open a transaction: SERIALIZABLE, retried, measured. */
export function transact<T>(deps: Deps, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(deps.db, work, deps.observeTransaction);
}
