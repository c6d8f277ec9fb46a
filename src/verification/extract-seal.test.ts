import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleContent } from '../../test/support/sample-certificate.ts';
import { buildCredential, signCredential } from '../certificates/credential.ts';
import { renderCertificatePdf, verificationLink } from '../certificates/render-certificate-pdf.ts';
import { makeSeal } from '../certificates/seal.ts';
import { generateSigningKey } from '../certificates/signing-keys.ts';
import { extractSealFromFile, sealFromPdfInfo } from './extract-seal.ts';

const VERIFY_URL = 'https://kp.example.org/verify';
const key = generateSigningKey();
const seal = makeSeal(sampleContent(), 'BW-2026-11-01-test01', key.privateKey);
let pdf: Buffer;

/** The PDF with its KPCSeal entry renamed (same length, so the cross-reference offsets stay right). */
const withoutInfoEntry = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace('/KPCSeal', '/XXXSeal'), 'latin1');

async function qrPng(text: string, options: QRCode.QRCodeToBufferOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', scale: 4, ...options });
}

/** A photo-like image of `width` × `height` (a shaded, slightly grainy page) with the QR drawn in at (x, y), enlarged `scale` times. */
function photoWithQr(qr: PNG, width: number, height: number, x: number, y: number, scale: number): Buffer {
  const image = new PNG({ width, height });
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const grey = 215 + Math.round((25 * column) / width) - ((row * 31 + column * 17) % 7);
      image.data.set([grey, grey, grey - 12, 255], (row * width + column) * 4);
    }
  }
  for (let row = 0; row < qr.height * scale; row++) {
    for (let column = 0; column < qr.width * scale; column++) {
      const from = (Math.floor(row / scale) * qr.width + Math.floor(column / scale)) * 4;
      image.data.set(qr.data.subarray(from, from + 4), ((y + row) * width + x + column) * 4);
    }
  }
  return PNG.sync.write(image);
}

/** A PNG of grey pixel noise: jsQR finds candidate patterns everywhere and takes seconds per attempt. */
function noisePng(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  let state = 12345;
  for (let i = 0; i < width * height; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const grey = state >>> 24;
    image.data.set([grey, grey, grey, 255], i * 4);
  }
  return PNG.sync.write(image);
}

/** Runs `work` while a 10 ms interval ticks, and reports the longest gap between ticks. */
async function whileTicking<T>(work: () => Promise<T>): Promise<{ value: T; elapsedMs: number; ticks: number; longestGapMs: number }> {
  let ticks = 0;
  let last = performance.now();
  let longestGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    ticks++;
  }, 10);
  const started = performance.now();
  try {
    const value = await work();
    return { value, elapsedMs: performance.now() - started, ticks, longestGapMs: Math.max(longestGapMs, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  pdf = await renderCertificatePdf({ content: sampleContent(), seal, verifyUrl: VERIFY_URL, secondLanguage: 'fr' });
});

describe('extractSealFromFile', () => {
  it('reads the seal of a certificate PDF from its document information, without drawing the page', async () => {
    expect(sealFromPdfInfo(pdf)).toBe(seal);
    expect(await extractSealFromFile(pdf, 'application/pdf')).toEqual({ ok: true, text: seal, source: 'pdf-metadata' });
  });

  it('reads the QR code of page 1 when the PDF has no KPCSeal entry', async () => {
    const stripped = withoutInfoEntry(pdf);
    expect(sealFromPdfInfo(stripped)).toBeNull();
    expect(await extractSealFromFile(stripped, 'certificate.pdf')).toEqual({ ok: true, text: seal, source: 'pdf-qr' });
  });

  it('says no QR was found when pdftoppm is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(await extractSealFromFile(withoutInfoEntry(pdf))).toEqual({ ok: false, reason: 'no_qr_found' });
    } finally {
      process.env.PATH = path;
    }
  });

  it('reads a KPCSeal literal string with PDF escapes, and a hex string', () => {
    const literal = Buffer.from(`%PDF-1.7\n<< /Title (x) /KPCSeal (KPC1:AB\\(C\\)\\\\D\\053E) >>\n`, 'latin1');
    expect(sealFromPdfInfo(literal)).toBe('KPC1:AB(C)\\D+E');
    const hex = Buffer.from(`%PDF-1.7\n<< /KPCSeal <${Buffer.from('KPC1:ABC').toString('hex')}> >>\n`, 'latin1');
    expect(sealFromPdfInfo(hex)).toBe('KPC1:ABC');
    expect(sealFromPdfInfo(Buffer.from('%PDF-1.7\n<< /KPCSeal (not a seal) >>', 'latin1'))).toBeNull();
  });

  it('reads the verification link from a PNG of the QR code', async () => {
    expect(await extractSealFromFile(await qrPng(verificationLink(VERIFY_URL, seal)), 'image/png')).toEqual({ ok: true, text: seal, source: 'image-qr' });
  });

  it('reads a JPEG photo of the QR code', async () => {
    const png = PNG.sync.read(await qrPng(verificationLink(VERIFY_URL, seal)));
    const photo = jpeg.encode({ data: png.data, width: png.width, height: png.height }, 85).data;
    expect(await extractSealFromFile(Buffer.from(photo), 'photo.jpg')).toEqual({ ok: true, text: seal, source: 'image-qr' });
  });

  it('reads a light-on-dark QR code, a QR code too small to read as it is, and one in a large photo', async () => {
    const inverted = await qrPng(seal, { color: { dark: '#ffffffff', light: '#000000ff' } });
    expect(await extractSealFromFile(inverted)).toMatchObject({ ok: true, text: seal });

    const tiny = await qrPng(seal, { scale: 2, margin: 4 });
    expect(PNG.sync.read(tiny).width).toBeLessThan(300);
    expect(await extractSealFromFile(tiny)).toMatchObject({ ok: true, text: seal });

    const qr = PNG.sync.read(await qrPng(verificationLink(VERIFY_URL, seal), { scale: 1 }));
    const large = photoWithQr(qr, 4000, 3000, 1300, 800, 9);
    expect(await extractSealFromFile(large, 'scan.png')).toMatchObject({ ok: true, text: seal, source: 'image-qr' });
  });

  it('passes on a credential JSON and the QR text in a text file', async () => {
    const credential = signCredential(buildCredential(sampleContent(), 'Botswana'), { kid: 'BW-2026-11-01-test01', privateKey: key.privateKey, created: new Date('2026-11-23T09:30:00Z') });
    const json = Buffer.from(JSON.stringify(credential, null, 2));
    expect(await extractSealFromFile(json, 'application/json')).toEqual({ ok: true, text: json.toString().trim(), source: 'json' });
    expect(await extractSealFromFile(Buffer.from(`\uFEFF${seal}\r\n`), 'seal.txt')).toEqual({ ok: true, text: seal, source: 'text' });
    expect(await extractSealFromFile(Buffer.from(verificationLink(VERIFY_URL, seal)))).toEqual({ ok: true, text: seal, source: 'text' });
  });

  it('turns garbage into a reason, never an exception', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(await extractSealFromFile(random)).toEqual({ ok: false, reason: 'unsupported_file' });
    expect(await extractSealFromFile(Buffer.alloc(0))).toEqual({ ok: false, reason: 'unreadable_file' });
    const noise = new PNG({ width: 160, height: 120 });
    for (let i = 0; i < noise.data.length; i++) noise.data[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24;
    expect(await extractSealFromFile(PNG.sync.write(noise), 'image/png')).toEqual({ ok: false, reason: 'no_qr_found' });
    const png = await qrPng(seal);
    expect(await extractSealFromFile(png.subarray(0, 200))).toEqual({ ok: false, reason: 'unreadable_file' });
    expect(await extractSealFromFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))).toEqual({ ok: false, reason: 'unreadable_file' });
    expect(await extractSealFromFile(Buffer.from('%PDF-1.7\nnot really a PDF'))).toEqual({ ok: false, reason: 'no_qr_found' });
    expect(await extractSealFromFile(Buffer.alloc(11 * 1024 * 1024, 0x41))).toEqual({ ok: false, reason: 'unsupported_file' });
  });

  it('searches a cluttered photo off the main thread and gives up at the deadline', async () => {
    const noise = noisePng(2000, 1500);
    const deadlineMs = 2_000;
    const { value, elapsedMs, ticks, longestGapMs } = await whileTicking(() => extractSealFromFile(noise, 'photo.png', { qrSearchDeadlineMs: deadlineMs }));
    expect(value).toEqual({ ok: false, reason: 'no_qr_found' });
    // Bounds are loose on purpose (a shared two-core machine); a blocked event loop would miss them by seconds.
    expect(elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 50);
    expect(elapsedMs).toBeLessThan(deadlineMs + 3_000);
    expect(ticks).toBeGreaterThan(20);
    expect(longestGapMs).toBeLessThan(1_000);
  });

  it('stops searches waiting for a free worker at the deadline too, and frees the workers afterwards', async () => {
    const noise = noisePng(1600, 1200);
    const started = performance.now();
    const outcomes = await Promise.all([1, 2, 3].map(() => extractSealFromFile(noise, 'photo.png', { qrSearchDeadlineMs: 1_500 })));
    expect(outcomes).toEqual([1, 2, 3].map(() => ({ ok: false, reason: 'no_qr_found' })));
    expect(performance.now() - started).toBeLessThan(1_500 + 3_000);
    expect(await extractSealFromFile(await qrPng(seal), 'image/png', { qrSearchDeadlineMs: 5_000 })).toEqual({ ok: true, text: seal, source: 'image-qr' });
  });

  it('leaves the caller\'s bytes readable after a search', async () => {
    const png = await qrPng(seal);
    const before = Buffer.from(png);
    await extractSealFromFile(png, 'image/png');
    expect(png.equals(before)).toBe(true);
  });

  it('refuses a PNG whose header announces more pixels than a phone photo, before inflating it', async () => {
    const png = Buffer.from(await qrPng(seal));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(await extractSealFromFile(png)).toEqual({ ok: false, reason: 'unreadable_file' });
  });
});
