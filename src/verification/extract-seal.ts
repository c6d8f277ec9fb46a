import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sealTextFrom } from './verifier.ts';

/**
 * What someone hands the verifier as a file: the certificate PDF, a photo or scan of its QR code,
 * the Verifiable Credential JSON, or a text file with the QR text. Used by the public `/verify`
 * page and by `kimberlite verify`. It finds the text to verify and never verifies anything itself.
 */
export type ExtractedSeal =
  | { ok: true; text: string; source: 'pdf-metadata' | 'pdf-qr' | 'image-qr' | 'text' | 'json' }
  | { ok: false; reason: 'no_qr_found' | 'unsupported_file' | 'unreadable_file' };

/** Largest file looked at (bytes). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Longest text or credential passed on: a credential is a few kilobytes, a seal 1,200 characters. */
const MAX_TEXT_CHARS = 64 * 1024;
/**
 * A QR search (waiting for a free worker included) is stopped after this long. jsQR takes seconds
 * on a cluttered photo and cannot be interrupted, so the search runs in a worker thread that is
 * terminated at the deadline: the server keeps answering other requests meanwhile.
 */
const QR_SEARCH_DEADLINE_MS = 10_000;
/** QR searches running at once: each can keep a core busy until its deadline. */
const MAX_QR_WORKERS = 2;
/** Heap of one QR worker; the pixels themselves live outside it, in typed arrays. */
const QR_WORKER_HEAP_MB = 256;
/** Decodes the image and searches it for a QR code (plain JavaScript: tsx is not registered in workers). */
const QR_WORKER = new URL('./qr-worker.mjs', import.meta.url);
/** pdftoppm gets this long to draw page 1. */
const RASTERISE_TIMEOUT_MS = 20_000;

export type ExtractSealOptions = {
  /** How long a QR search may take before its worker is stopped; tests shorten it. */
  qrSearchDeadlineMs?: number;
};

type ImageKind = 'png' | 'jpeg';
type Failure = Extract<ExtractedSeal, { ok: false }>;

const NO_QR_FOUND: Failure = { ok: false, reason: 'no_qr_found' };

const startsWith = (bytes: Buffer, signature: number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);

/**
 * Finds what to verify in an uploaded or named file. Never throws.
 *
 * @example
 * const found = await extractSealFromFile(readFileSync('BW-2026-000042.pdf'));
 * if (found.ok) await verifyCertificate({ text: found.text }, context);
 */
export async function extractSealFromFile(bytes: Buffer, mediaTypeOrName = '', options: ExtractSealOptions = {}): Promise<ExtractedSeal> {
  const deadlineMs = options.qrSearchDeadlineMs ?? QR_SEARCH_DEADLINE_MS;
  try {
    if (bytes.length === 0) return { ok: false, reason: 'unreadable_file' };
    if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: 'unsupported_file' };
    if (bytes.subarray(0, 1024).includes('%PDF-')) return await fromPdf(bytes, deadlineMs);
    // A copy: the worker takes its bytes over, and the caller's Buffer must stay readable.
    if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return await fromImage(new Uint8Array(bytes), 'png', deadlineMs);
    if (startsWith(bytes, [0xff, 0xd8, 0xff])) return await fromImage(new Uint8Array(bytes), 'jpeg', deadlineMs);
    return fromText(bytes, mediaTypeOrName);
  } catch {
    return { ok: false, reason: 'unreadable_file' };
  }
}

function fromText(bytes: Buffer, mediaTypeOrName: string): ExtractedSeal {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').trim();
  } catch {
    return { ok: false, reason: 'unsupported_file' };
  }
  // Control characters other than line breaks and tabs: some binary format we do not read.
  if (text === '' || /[\u0000-\u0008\u000E-\u001F]/.test(text)) return { ok: false, reason: 'unsupported_file' };
  if (text.length > MAX_TEXT_CHARS) return { ok: false, reason: 'unsupported_file' };
  if (text.startsWith('{') || /json$/i.test(mediaTypeOrName)) return { ok: true, text, source: 'json' };
  // Not a seal either: the verifier says what it is not (`not_a_certificate`).
  return { ok: true, text: sealTextFrom(text) ?? text, source: 'text' };
}

// ---- PDF ---------------------------------------------------------------------------------------

async function fromPdf(bytes: Buffer, deadlineMs: number): Promise<ExtractedSeal> {
  const fromInfo = sealFromPdfInfo(bytes);
  if (fromInfo) return { ok: true, text: fromInfo, source: 'pdf-metadata' };
  const page = await rasterisePage1(bytes);
  if (!page) return NO_QR_FOUND;
  const found = await fromImage(page, 'png', deadlineMs);
  // pdftoppm wrote a PNG: one the worker cannot decode is a failed drawing, not the person's file.
  return found.ok ? { ...found, source: 'pdf-qr' } : NO_QR_FOUND;
}

/**
 * The seal in the document information entry `KPCSeal` that Kimberlite writes, directly
 * (`/KPCSeal (KPC1:…)`) or by reference (`/KPCSeal 19 0 R` … `19 0 obj (KPC1:…) endobj`). The last
 * entry wins, as in an incrementally updated PDF. Null when absent or not a seal.
 */
export function sealFromPdfInfo(bytes: Buffer): string | null {
  const text = bytes.toString('latin1');
  const key = text.lastIndexOf('/KPCSeal');
  if (key < 0) return null;
  let at = skipWhitespace(text, key + '/KPCSeal'.length);
  const reference = /^(\d+)\s+(\d+)\s+R\b/.exec(text.slice(at, at + 32));
  if (reference) {
    const object = [...text.matchAll(new RegExp(`(?<![0-9])${reference[1]}\\s+${reference[2]}\\s+obj\\b`, 'g'))].at(-1);
    if (!object) return null;
    at = skipWhitespace(text, object.index + object[0].length);
  }
  const value = text[at] === '(' ? pdfLiteralString(text, at) : text[at] === '<' ? pdfHexString(text, at) : null;
  return value === null ? null : sealTextFrom(pdfTextString(value));
}

function skipWhitespace(text: string, from: number): number {
  let at = from;
  while (at < text.length && /[\0\t\n\f\r ]/.test(text[at])) at++;
  return at;
}

const PDF_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };

/** A PDF literal string `( … )` starting at `start`: balanced parentheses, backslash escapes, octal codes. */
function pdfLiteralString(text: string, start: number): string | null {
  let depth = 0;
  let out = '';
  for (let i = start; i < text.length && i < start + 64 * 1024; i++) {
    const ch = text[i];
    if (ch === '\\') {
      const next = text[++i];
      if (next === undefined) return null;
      if (next in PDF_ESCAPES) out += PDF_ESCAPES[next];
      else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))![0];
        out += String.fromCharCode(parseInt(octal, 8) & 0xff);
        i += octal.length - 1;
      } else if (next === '\r') {
        if (text[i + 1] === '\n') i++;
      } else if (next !== '\n') out += next;
      continue;
    }
    if (ch === '(') {
      if (depth++ > 0) out += ch;
      continue;
    }
    if (ch === ')') {
      if (--depth === 0) return out;
      out += ch;
      continue;
    }
    out += ch;
  }
  return null;
}

/** A PDF hex string `< … >`. */
function pdfHexString(text: string, start: number): string | null {
  const end = text.indexOf('>', start);
  if (end < 0 || end - start > 128 * 1024) return null;
  const hex = text.slice(start + 1, end).replace(/\s/g, '');
  if (!/^[0-9A-Fa-f]*$/.test(hex)) return null;
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1');
}

/** A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding (ASCII for a seal). */
function pdfTextString(bytes: string): string {
  if (bytes.startsWith('\u00fe\u00ff')) return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
  return bytes;
}

/** Page 1 at 200 dpi as a PNG through poppler's pdftoppm, or null when it is missing, fails or takes too long. */
async function rasterisePage1(bytes: Buffer): Promise<Uint8Array | null> {
  const dir = await mkdtemp(join(tmpdir(), 'kimberlite-verify-'));
  try {
    await writeFile(join(dir, 'upload.pdf'), bytes);
    const ran = await new Promise<boolean>((resolve) => {
      execFile(
        'pdftoppm',
        ['-r', '200', '-png', '-f', '1', '-l', '1', '-singlefile', join(dir, 'upload.pdf'), join(dir, 'page')],
        { timeout: RASTERISE_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
        (error) => resolve(!error),
      );
    });
    if (!ran) return null;
    const png = await readFile(join(dir, 'page.png'));
    // Ours alone: handed to the worker without a copy when it spans its whole ArrayBuffer.
    return png.byteOffset === 0 && png.byteLength === png.buffer.byteLength ? new Uint8Array(png.buffer) : new Uint8Array(png);
  } catch {
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- images ------------------------------------------------------------------------------------

/**
 * Reads a QR code from a PNG or JPEG in a worker thread, given `deadlineMs` from now (waiting for a
 * free worker included). `bytes` is transferred to the worker: the caller must not use it again.
 */
async function fromImage(bytes: Uint8Array, kind: ImageKind, deadlineMs: number): Promise<ExtractedSeal> {
  const until = performance.now() + deadlineMs;
  const release = await qrWorkerSlot(until);
  if (!release) return NO_QR_FOUND;
  if (performance.now() >= until) {
    release();
    return NO_QR_FOUND;
  }
  const outcome = await searchInWorker(bytes, kind, until, release);
  if ('unreadable' in outcome) return { ok: false, reason: 'unreadable_file' };
  if (outcome.qr === null) return NO_QR_FOUND;
  // A QR that is not a Kimberlite seal is still what the person presented: the verifier says what it is not.
  return { ok: true, text: sealTextFrom(outcome.qr) ?? outcome.qr, source: 'image-qr' };
}

/** What qr-worker.mjs posts back; a worker stopped or crashed counts as `{ qr: null }`. */
type WorkerOutcome = { qr: string | null } | { unreadable: true };

function isWorkerOutcome(message: unknown): message is WorkerOutcome {
  if (typeof message !== 'object' || message === null) return false;
  if ('unreadable' in message) return message.unreadable === true;
  return 'qr' in message && (typeof message.qr === 'string' || message.qr === null);
}

/**
 * Runs one search in a fresh worker (simple, and nothing carries over between uploads). Resolves by
 * `until` at the latest; `release` frees the slot once the worker has actually exited.
 */
function searchInWorker(bytes: Uint8Array, kind: ImageKind, until: number, release: () => void): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(QR_WORKER, {
        workerData: { bytes, kind },
        transferList: [bytes.buffer as ArrayBuffer],
        // Not the parent's flags (`--import tsx` under some scripts): the worker needs none.
        execArgv: [],
        // An out-of-memory worker then ends alone instead of taking the server down.
        resourceLimits: { maxOldGenerationSizeMb: QR_WORKER_HEAP_MB },
      });
    } catch {
      release();
      resolve({ qr: null });
      return;
    }
    let settled = false;
    const settle = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
      void worker.terminate();
    };
    const deadline = setTimeout(() => settle({ qr: null }), Math.max(0, until - performance.now()));
    worker.on('message', (message: unknown) => settle(isWorkerOutcome(message) ? message : { qr: null }));
    worker.on('messageerror', () => settle({ qr: null }));
    worker.on('error', () => settle({ qr: null }));
    worker.on('exit', () => {
      settle({ qr: null });
      release();
    });
  });
}

let freeQrWorkers = MAX_QR_WORKERS;
const waitingForQrWorker: Array<(release: () => void) => void> = [];

/**
 * A place among the MAX_QR_WORKERS searches allowed at once, as the function that gives it back;
 * null when none frees up before `until`.
 */
function qrWorkerSlot(until: number): Promise<(() => void) | null> {
  if (freeQrWorkers > 0) {
    freeQrWorkers--;
    return Promise.resolve(slotRelease());
  }
  return new Promise((resolve) => {
    const grant = (release: () => void) => {
      clearTimeout(timer);
      resolve(release);
    };
    const timer = setTimeout(() => {
      waitingForQrWorker.splice(waitingForQrWorker.indexOf(grant), 1);
      resolve(null);
    }, Math.max(0, until - performance.now()));
    waitingForQrWorker.push(grant);
  });
}

/** Gives the slot to the next caller waiting, else back to the pool; only the first call counts. */
function slotRelease(): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waitingForQrWorker.shift();
    if (next) next(slotRelease());
    else freeQrWorkers++;
  };
}
