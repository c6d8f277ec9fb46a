import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../domain/errors.ts';

const LOCK_NAME = 'kimberlite.lock';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process alone. Two processes opening one PGlite directory
 * corrupt it, so a second one is refused with DATA_DIR_LOCKED; a lock left by a dead process
 * (crash, SIGKILL) is taken over.
 * @example const release = acquireDataDirLock('./data'); ... release();
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    // The lock appears with its owner already written (a hard link is created atomically or not at
    // all): a lock seen empty would be taken for a dead one, letting a second process in beside a live one.
    const pending = `${lockPath}.${process.pid}.tmp`;
    fs.writeFileSync(pending, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    try {
      fs.linkSync(pending, lockPath);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // An unreadable lock can only be one left half-written by an older version: treated as stale.
      let holder: { pid?: number } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
      } catch {
        // Treated as stale below.
      }
      if (typeof holder.pid === 'number' && holder.pid !== process.pid && processIsAlive(holder.pid)) {
        throw new AppError('DATA_DIR_LOCKED', { dataDir, pid: holder.pid });
      }
      fs.rmSync(lockPath, { force: true });
    } finally {
      fs.rmSync(pending, { force: true });
    }
  }
  throw new AppError('DATA_DIR_LOCKED', { dataDir, pid: 'unknown' });
}
