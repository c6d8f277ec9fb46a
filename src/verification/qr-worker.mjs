// Decodes an uploaded PNG or JPEG and searches it for a QR code, in a worker thread started by
// extract-seal.ts. jsQR can take many seconds on a cluttered photo and cannot be interrupted from
// inside, so it runs here, where the main thread can stop it by terminating the worker.
//
// Plain JavaScript importing npm packages only: the server registers tsx in its main thread alone.
//
// In  (workerData): { bytes: Uint8Array, kind: 'png' | 'jpeg' }
// Out (one message): { qr: string } | { qr: null } (no QR code read) | { unreadable: true } (not a decodable image)
import { parentPort, workerData } from 'node:worker_threads';
import jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Largest image decoded: a 48-megapixel phone photo. */
const MAX_IMAGE_PIXELS = 48_000_000;

/** @typedef {{ data: Uint8ClampedArray, width: number, height: number }} Rgba */

const { bytes, kind } = workerData;
const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** @type {Rgba | null} */
let image = null;
try {
  image = kind === 'png' ? decodePng(buffer) : decodeJpeg(buffer);
} catch {
  image = null;
}
parentPort.postMessage(image ? { qr: findQr(image) } : { unreadable: true });

/**
 * @param {Buffer} png
 * @returns {Rgba}
 */
function decodePng(png) {
  // The header gives the size before anything is inflated: refuse a decompression bomb early.
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width * height > MAX_IMAGE_PIXELS) throw new Error('image too large');
  const decoded = PNG.sync.read(png);
  return { data: new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length), width: decoded.width, height: decoded.height };
}

/**
 * @param {Buffer} photo
 * @returns {Rgba}
 */
function decodeJpeg(photo) {
  const decoded = jpeg.decode(photo, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1_000_000, maxMemoryUsageInMB: 512 });
  return { data: new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length), width: decoded.width, height: decoded.height };
}

/**
 * The text of a QR code in the image, or null. A photo is often too large, too small or
 * light-on-dark for a first try, so it is retried on resized copies and then with inverted
 * colours. jsQR's time grows with the pixels and with background clutter, so a large photo is
 * tried small first. There is no time budget here: the main thread terminates this worker at its
 * deadline.
 *
 * @param {Rgba} original
 * @returns {string | null}
 */
function findQr(original) {
  const longest = Math.max(original.width, original.height);
  const widths =
    longest > 2400 ? [1600, 1000, 2400] : longest > 1600 ? [longest, 1600, 1000] : longest < 800 ? [longest, Math.min(4 * longest, 1200)] : [longest];
  /** @type {Map<number, Rgba>} */
  const copies = new Map();
  /** @param {number} width */
  const copy = (width) => {
    if (width === longest) return original;
    if (!copies.has(width)) copies.set(width, resize(original, width / longest));
    return /** @type {Rgba} */ (copies.get(width));
  };
  // jsQR's 'onlyInvert' is broken (it reads an inverted image it never made): the second pass is 'attemptBoth'.
  for (const inversionAttempts of /** @type {const} */ (['dontInvert', 'attemptBoth'])) {
    for (const width of widths) {
      const code = readQr(copy(width), inversionAttempts);
      if (code?.data) return code.data;
    }
  }
  return null;
}

/**
 * @param {Rgba} rgba
 * @param {'dontInvert' | 'attemptBoth'} inversionAttempts
 */
function readQr(rgba, inversionAttempts) {
  try {
    return jsQR(rgba.data, rgba.width, rgba.height, { inversionAttempts });
  } catch {
    return null;
  }
}

/**
 * Resizes by `scale`: area averaging when shrinking, nearest neighbour when enlarging.
 *
 * @param {Rgba} rgba
 * @param {number} scale
 * @returns {Rgba}
 */
function resize(rgba, scale) {
  const width = Math.max(1, Math.round(rgba.width * scale));
  const height = Math.max(1, Math.round(rgba.height * scale));
  const data = new Uint8ClampedArray(width * height * 4);
  const step = 1 / scale;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * step);
    const y1 = Math.max(y0 + 1, Math.min(rgba.height, Math.floor((y + 1) * step)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * step);
      const x1 = Math.max(x0 + 1, Math.min(rgba.width, Math.floor((x + 1) * step)));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * rgba.width + sx) * 4;
          r += rgba.data[i];
          g += rgba.data[i + 1];
          b += rgba.data[i + 2];
          n++;
        }
      }
      const o = (y * width + x) * 4;
      data[o] = r / n;
      data[o + 1] = g / n;
      data[o + 2] = b / n;
      data[o + 3] = 255;
    }
  }
  return { data, width, height };
}
