import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import countries from 'i18n-iso-countries';
import fc from 'fast-check';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { KPCS_STATEMENT, type CertificateContent } from './certificate-content.ts';
import { base45Encode } from './encodings.ts';
import { makeSeal, openSeal, sealSignatureHolds } from './seal.ts';
import { generateSigningKey } from './signing-keys.ts';
import { PDF_LABELS, PURPOSE_LABELS } from './pdf-labels.ts';
import { formatAmount, pricePerCarat } from '../domain/amounts.ts';
import { missingGlyphs } from './pdf/fonts.ts';
import { securityCodeOf } from '../verification/security-code.ts';
import { sealTextFrom } from '../verification/verifier.ts';
import { renderCertificatePdf, verificationLink, verificationQrSegments, type CertificatePdfInput } from './render-certificate-pdf.ts';

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be reproduced. */
function pseudoRandomBytes(length: number, seed = 0x2f6b1d3c): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A signed seal of realistic size: "KPC1:" + Base45 of 780 bytes = 1,175 characters. */
const QR_TEXT = `KPC1:${base45Encode(pseudoRandomBytes(780))}`;
const VERIFY_URL = 'http://localhost:3000/verify';

function sampleContent(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    number: 'BW-2026-000042',
    title: 'Kimberley Process Certificate',
    statement: KPCS_STATEMENT,
    issuingParticipant: 'BW',
    issuingTerritory: null,
    importingParticipant: 'AE',
    issuingAuthority: { name: 'Ministry of Minerals and Energy', address: 'Private Bag 0018, Gaborone' },
    exporter: { name: 'Okavango Diamond Company', address: 'Plot 63016, Airport Road, Gaborone', licence: 'DL-2026-0117' },
    importer: { name: 'Gulf Rough Trading DMCC', address: 'Almas Tower, JLT, Dubai', licence: 'DMCC-778812' },
    origin: { countries: ['BW', 'ZA'], mixed: true },
    issueDate: '2026-03-02',
    expiryDate: '2026-05-31',
    parcels: [
      { hsCode: '7102.10', carats: '1234.56', valueUsd: '98765.43' },
      { hsCode: '7102.21', carats: '250.00', valueUsd: '1250000.00' },
      { hsCode: '7102.31', carats: '17.05', valueUsd: '3333.33' },
    ],
    parcelCount: 3,
    totals: { carats: '1501.61', valueUsd: '1352098.76' },
    seals: ['SEAL-BW-00981', 'SEAL-BW-00982'],
    transitCountries: ['ZA'],
    purpose: 'commercial',
    validatedBy: 'Kagiso Molefe',
    replaces: 'BW-2026-000041',
    ...overrides,
  };
}

let dir = '';
let counter = 0;

async function render(overrides: Partial<CertificatePdfInput> = {}): Promise<{ pdf: Buffer; path: string }> {
  const pdf = await renderCertificatePdf({
    content: sampleContent(),
    seal: QR_TEXT,
    verifyUrl: VERIFY_URL,
    secondLanguage: 'fr',
    ...overrides,
  });
  const path = join(dir, `certificate-${++counter}.pdf`);
  writeFileSync(path, pdf);
  return { pdf, path };
}

function pdftotext(path: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...range, path, '-'], { encoding: 'utf8' });
}

function pageCount(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kp-certificate-pdf-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('renderCertificatePdf', () => {
  it('prints a QR code that scans back to the verification link carrying the exact signed seal', async () => {
    expect(QR_TEXT.length).toBeGreaterThan(1_100);
    // The percent-encoded Base45 stays in alphanumeric mode, which keeps the link to a 1,200-character seal at a scannable size.
    const longest = `${QR_TEXT}`.padEnd(1_200, '%');
    expect(verificationQrSegments(VERIFY_URL, longest)[1].mode).toBe('alphanumeric');
    expect(QRCode.create(verificationQrSegments(VERIFY_URL, longest), { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(28);

    const { pdf, path } = await render();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The QR is vector graphics, not an embedded raster image.
    expect(pdf.includes('/Subtype /Image')).toBe(false);

    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', path, join(dir, 'page')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page-1.png')));
    expect(png.width).toBeGreaterThan(1600); // A4 at 200 dpi is 1654 × 2339 px
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(verificationLink(VERIFY_URL, QR_TEXT));
    expect(decoded?.data.startsWith(`${VERIFY_URL}?qr=KPC1%3A`)).toBe(true);
    expect(sealTextFrom(decoded?.data ?? '')).toBe(QR_TEXT);
  });

  it('keeps the seal in the document information, as the custom entry KPCSeal', async () => {
    const { path } = await render();
    const info = execFileSync('pdfinfo', ['-custom', path], { encoding: 'utf8' });
    expect(info).toContain(`KPCSeal:         ${QR_TEXT}`);
  });

  it('prints the security code under the certificate number, labelled in both languages', async () => {
    const text = pdftotext((await render()).path);
    expect(text).toContain('Security code / Code de sécurité');
    expect(text).toContain(securityCodeOf(QR_TEXT));
  });

  it('prints the QR of a real signed certificate, which scans back and verifies with the authority’s key', async () => {
    const key = generateSigningKey();
    const content = sampleContent();
    const seal = makeSeal(content, 'BW-test-key', key.privateKey);
    const { path } = await render({ content, seal });
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', path, join(dir, 'signed')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'signed-1.png')));
    const scanned = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? '';
    expect(sealTextFrom(scanned)).toBe(seal);
    const opened = openSeal(sealTextFrom(scanned) ?? '');
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(sealSignatureHolds(opened, key.publicKey)).toBe(true);
    expect(opened.content).toEqual(content);
  });

  it('prints every certificate field with English and French labels', async () => {
    const { path } = await render();
    const text = pdftotext(path);
    for (const expected of [
      'BW-2026-000042',
      'Kimberley Process Certificate',
      'Certificat du Processus de Kimberley',
      KPCS_STATEMENT.slice(0, 60),
      'Les diamants bruts contenus dans cet envoi',
      'Date of issue / Date de délivrance',
      '2026-03-02',
      '2026-05-31',
      'Country of origin / Pays d’origine',
      'Mixed: Botswana, South Africa',
      'Mixte : Botswana, Afrique du Sud',
      'United Arab Emirates',
      participantName('AE', 'fr'),
      'Ministry of Minerals and Energy',
      'Okavango Diamond Company',
      'Plot 63016, Airport Road, Gaborone',
      'DL-2026-0117',
      'Gulf Rough Trading DMCC',
      'DMCC-778812',
      // Parcels as signed (thousands separators only), and exact US$ per carat.
      '1,234.56',
      '98,765.43',
      '250.00',
      '1,250,000.00',
      '5,000.00',
      '17.05',
      '3,333.33',
      '195.50', // 3333.33 / 17.05 = 195.4997… rounded half up
      '1,501.61',
      '1,352,098.76',
      '900.43', // 1352098.76 / 1501.61 = 900.4262…
      'SEAL-BW-00981, SEAL-BW-00982',
      'Commercial',
      'BW-2026-000041',
      'Validated by the exporting authority: Kagiso Molefe',
      'Validé par l’autorité exportatrice : Kagiso Molefe',
      `Verify at ${VERIFY_URL}`,
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('VOID');
    expect(pageCount(path)).toBe(1);
  });

  it('names the EU member state of issue for an EU certificate', async () => {
    const content = sampleContent({ number: 'EU-2026-000007', issuingParticipant: 'EU', issuingTerritory: 'BE', replaces: null });
    const text = pdftotext((await render({ content })).path);
    expect(text).toContain('EU-2026-000007');
    expect(text).toContain(participantName('EU', 'en'));
    expect(text).toContain('EU Member State of issue');
    expect(text).toContain('Belgium');
    expect(text).toContain('Belgique');
    expect(text).not.toContain('Replaces certificate');
  });

  it('prints the number of sites the parcels were drawn from and the draws’ digest when internal controls back the origin', async () => {
    const digest = 'q3Jd0x7cE1mYb2Vh9Kp4Lr8Ws6Tn5Uf0Ga1Hz2Xc3Yv';
    const text = pdftotext((await render({ content: sampleContent({ stockDraws: { sites: 2, digest } }) })).path);
    expect(text).toContain('Origin drawn from recorded stock (sites; SHA-256)');
    expect(text).toContain('Origine prélevée sur les stocks enregistrés');
    expect(text.replace(/\s+/g, '')).toContain(`2;${digest}`);
    expect(pdftotext((await render()).path)).not.toContain('recorded stock');
  });

  it('prints English only when the second language is English', async () => {
    const { path } = await render({ secondLanguage: 'en' });
    const text = pdftotext(path);
    expect(text).toContain('Country of origin');
    expect(text).not.toContain('Pays d’origine');
    expect(text).not.toContain('Certificat du Processus de Kimberley');
  });

  it('embeds Chinese glyphs from Noto Sans SC', async () => {
    const { path } = await render({ secondLanguage: 'zh' });
    const text = pdftotext(path);
    expect(text).toContain('金伯利进程证书');
    expect(text).toContain('原产国');
    expect(text).toContain(participantName('BW', 'zh'));
    expect(execFileSync('pdffonts', [path], { encoding: 'utf8' })).toMatch(/NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it('embeds shaped Arabic whose text extracts with the right letters in logical order', async () => {
    const { path } = await render({ secondLanguage: 'ar' });
    const text = pdftotext(path);
    // pdftotext (poppler) returns the Arabic runs in logical order, wrapped in U+202B … U+202C.
    expect(text).toContain('شهادة عملية كيمبرلي');
    // ت and ي share a glyph skeleton in Noto Sans Arabic: both must come back as themselves.
    expect(text).toContain('تاريخ الإصدار');
    expect(text).toContain(participantName('ZA', 'ar'));
    expect(execFileSync('pdffonts', [path], { encoding: 'utf8' })).toMatch(/NotoSansArabic\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it('continues a long parcel table on a second page with the number on every page', async () => {
    const parcels = Array.from({ length: 40 }, (_, i) => ({
      hsCode: '7102.10' as const,
      carats: `${100 + i}.25`,
      valueUsd: `${5000 + i * 17}.50`,
    }));
    const content = sampleContent({ parcels, parcelCount: 40, totals: { carats: '4790.00', valueUsd: '213280.00' } });
    const { path } = await render({ content, secondLanguage: 'es' });
    expect(pageCount(path)).toBe(2);
    const first = pdftotext(path, 1);
    const second = pdftotext(path, 2);
    for (const [page, n] of [
      [first, 1],
      [second, 2],
    ] as const) {
      expect(page).toContain('BW-2026-000042');
      expect(page).toContain(`Page ${n} of 2`);
      expect(page).toContain(`Página ${n} de 2`);
    }
    expect(first).toContain('100.25');
    expect(second).toContain('Parcels of rough diamonds (continued)');
    expect(second).toContain('139.25'); // the 40th parcel
    expect(second).toContain('5,663.50');
    expect(second).toContain('4,790.00');
  });

  it('marks a voided certificate VOID and a replaced one REPLACED', async () => {
    const voided = pdftotext((await render({ state: 'voided' })).path);
    expect(voided).toContain('VOID');
    expect(voided).toContain('This certificate has been voided');
    expect(voided).toContain('ANNULÉ');
    const replaced = pdftotext((await render({ state: 'replaced' })).path);
    expect(replaced).toContain('REPLACED');
    expect(replaced).not.toContain('VOID');
  });

  it('renders quickly once fonts are loaded', async () => {
    await render({ secondLanguage: 'ru' });
    const started = performance.now();
    await renderCertificatePdf({ content: sampleContent(), seal: QR_TEXT, verifyUrl: VERIFY_URL, secondLanguage: 'ru' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('certificate PDF text coverage', () => {
  it('has a glyph for every label and every country name in all six languages', () => {
    const missing: string[] = [];
    const check = (where: string, text: string) => {
      const chars = missingGlyphs(text);
      if (chars.length > 0) missing.push(`${where}: ${chars.join('')}`);
    };
    for (const language of LANGUAGES) {
      for (const [key, texts] of Object.entries(PDF_LABELS)) check(`${language} ${key}`, texts[language]);
      for (const [key, texts] of Object.entries(PURPOSE_LABELS)) check(`${language} ${key}`, texts[language]);
      for (const code of [...Object.keys(countries.getAlpha2Codes()), 'EU', 'TW']) {
        check(`${language} ${code}`, participantName(code, language as Language));
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('certificate amounts', () => {
  it('computes US$ per carat exactly, rounding half up', () => {
    expect(pricePerCarat('98765.43', '1234.56')).toBe('80.00');
    expect(pricePerCarat('3333.33', '17.05')).toBe('195.50');
    expect(pricePerCarat('0.01', '3.00')).toBe('0.00');
    expect(pricePerCarat('0.05', '10.00')).toBe('0.01'); // 0.005 rounds up
    expect(pricePerCarat('90071992547409.93', '0.01')).toBe('9007199254740993.00'); // beyond 2^53
    expect(pricePerCarat('1.00', '0.00')).toBeNull();
  });

  it('formats amounts with thousands separators without changing a digit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const amount = `${whole}.${String(cents).padStart(2, '0')}`;
        const formatted = formatAmount(amount);
        expect(formatted.replace(/,/g, '')).toBe(amount);
        expect(formatted).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
      }),
    );
  });
});
