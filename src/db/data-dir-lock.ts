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
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number } = {};
      try {
        holder = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
      } catch {
        // An unreadable lock file is treated as stale below.
      }
      if (typeof holder.pid === 'number' && holder.pid !== process.pid && processIsAlive(holder.pid)) {
        throw new AppError('DATA_DIR_LOCKED', { dataDir, pid: holder.pid });
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new AppError('DATA_DIR_LOCKED', { dataDir, pid: 'unknown' });
}
