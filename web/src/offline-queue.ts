/**
 * Custody entries recorded on a phone without a connection wait here, in localStorage, until
 * they can be sent. Each carries its clientRef from the moment it is recorded, so an entry whose
 * answer was lost on the way is stored once however often it is sent again (the server answers
 * 200 to a replay). A refusal never drops an entry: it becomes a conflict the official edits and
 * resends, or discards.
 *
 * Nothing caches the app itself for offline use (no service worker): the queue survives a reload
 * once the connection is back, and a page left open through an outage.
 * @example enqueue({ clientRef, participantCode, userId, draft, queuedAt: new Date().toISOString() });
 *          await syncQueue({ participantCode, userId });
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api.ts';
import type { CustodyEntryDraft, CustodyEntryDto } from './custody.ts';

const STORAGE_KEY = 'kimberlite.custody-queue';
const CHANGED = 'kimberlite:custody-queue-changed';
const RETRY_MS = 5_000;

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface QueuedEntry {
  clientRef: string;
  participantCode: string;
  /** The official who recorded it: another account signed in on the same phone does not send it. */
  userId: string;
  draft: CustodyEntryDraft;
  queuedAt: string;
  /** Set when the server refused the entry: it waits for the official in the conflicts list. */
  refusal?: Refusal;
}

function read(): QueuedEntry[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as QueuedEntry[]) : [];
  } catch {
    return [];
  }
}

/** Throws when the browser refuses to store (private mode, quota): the caller must not pretend the entry is kept. */
function write(entries: QueuedEntry[]): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
  window.dispatchEvent(new Event(CHANGED));
}

export function queuedEntries(participantCode: string, userId: string): QueuedEntry[] {
  return read().filter((entry) => entry.participantCode === participantCode && entry.userId === userId);
}

export function enqueue(entry: QueuedEntry): void {
  write([...read().filter((other) => other.clientRef !== entry.clientRef), entry]);
}

export function discardQueued(clientRef: string): void {
  write(read().filter((entry) => entry.clientRef !== clientRef));
}

function markRefused(clientRef: string, refusal: Refusal): void {
  write(read().map((entry) => (entry.clientRef === clientRef ? { ...entry, refusal } : entry)));
}

/** A network failure, a server or gateway error, an expired session: worth sending again later. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 401 || error.status === 408 || error.status === 429 || error.status >= 500;
}

export function sendEntry(participantCode: string, draft: CustodyEntryDraft): Promise<CustodyEntryDto> {
  return api<CustodyEntryDto>(`/api/participants/${participantCode}/custody/entries`, { method: 'POST', body: draft });
}

let running: Promise<SyncResult> | null = null;

export interface SyncResult {
  sent: number;
  refused: number;
  /** Still waiting: the connection failed again part-way. */
  waiting: number;
}

/**
 * Sends the waiting entries in the order they were recorded, one at a time: a later sale may rest
 * on an earlier production. Stops at the first transient failure so the order is kept.
 */
export function syncQueue(participantCode: string, userId: string): Promise<SyncResult> {
  // cleared in a callback, never synchronously: an empty queue must not leave a settled promise behind
  running ??= sendWaiting(participantCode, userId).finally(() => {
    running = null;
  });
  return running;
}

async function sendWaiting(participantCode: string, userId: string): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, refused: 0, waiting: 0 };
  for (const entry of queuedEntries(participantCode, userId).filter((candidate) => !candidate.refusal)) {
    try {
      await sendEntry(participantCode, entry.draft);
      discardQueued(entry.clientRef);
      result.sent += 1;
    } catch (error) {
      if (isTransient(error) || !(error instanceof ApiError)) break;
      markRefused(entry.clientRef, { status: error.status, code: error.code, message: error.message });
      result.refused += 1;
    }
  }
  result.waiting = queuedEntries(participantCode, userId).filter((entry) => !entry.refusal).length;
  return result;
}

/** The queue of the signed-in official, kept current across tabs, synced when the connection returns. */
export function useOfflineQueue(participantCode: string, userId: string, onSynced: (result: SyncResult) => void) {
  const [entries, setEntries] = useState(() => queuedEntries(participantCode, userId));
  const [syncing, setSyncing] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const synced = useRef(onSynced);
  synced.current = onSynced;

  const sync = useCallback(async () => {
    setSyncing(true);
    try {
      const result = await syncQueue(participantCode, userId);
      if (result.sent > 0 || result.refused > 0) synced.current(result);
    } finally {
      setSyncing(false);
    }
  }, [participantCode, userId]);

  useEffect(() => {
    const refresh = () => setEntries(queuedEntries(participantCode, userId));
    const storage = (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) refresh();
    };
    const wentOnline = () => {
      setOnline(true);
      void sync();
    };
    const wentOffline = () => setOnline(false);
    // a weak connection drops requests while the device still says it is online: try again now and then
    const retry = window.setInterval(() => {
      if (navigator.onLine && queuedEntries(participantCode, userId).some((entry) => !entry.refusal)) void sync();
    }, RETRY_MS);
    window.addEventListener(CHANGED, refresh);
    window.addEventListener('storage', storage);
    window.addEventListener('online', wentOnline);
    window.addEventListener('offline', wentOffline);
    refresh();
    // entries left from an earlier visit go as soon as the page is open again
    if (navigator.onLine) void sync();
    return () => {
      window.clearInterval(retry);
      window.removeEventListener(CHANGED, refresh);
      window.removeEventListener('storage', storage);
      window.removeEventListener('online', wentOnline);
      window.removeEventListener('offline', wentOffline);
    };
  }, [participantCode, userId, sync]);

  return {
    waiting: entries.filter((entry) => !entry.refusal),
    conflicts: entries.filter((entry) => entry.refusal),
    online,
    syncing,
    sync,
  };
}
