import { v7 } from 'uuid';

/** Time-ordered UUIDv7 keys: index-friendly on PostgreSQL and on distributed PostgreSQL alike. */
export function newId(): string {
  return v7();
}
