/**
 * Fonts for the certificate PDF, read from the @fontsource packages in node_modules (nothing is
 * downloaded at run time).
 *
 * @fontsource ships WOFF 1.0 files split into per-script subsets. Embedding WOFF through pdfkit
 * (or subsetting it with pdf-lib) is known to drop glyphs, so each file is converted in memory to
 * a plain TrueType sfnt at first use (table directory parsed, zlib tables inflated with node:zlib,
 * offsets recomputed) and the result is cached for the life of the process. The TTF buffers are
 * what gets registered with pdfkit, which then embeds a subset of the glyphs actually used.
 *
 * Because every file covers one script subset only, text is drawn in runs: each character is
 * given the first font that really has a glyph for it (read from the font's own `cmap`), so a
 * French or Polish name takes Noto Sans latin / latin-ext, Russian takes the cyrillic subset,
 * Arabic Noto Sans Arabic and Chinese Noto Sans SC.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);

export type FontFace = 'latin' | 'latinExt' | 'cyrillic' | 'cyrillicExt' | 'arabic' | 'sc';
export type FontWeight = 400 | 700;

const FILES: Record<FontFace, (weight: FontWeight) => string> = {
  latin: (w) => `@fontsource/noto-sans/files/noto-sans-latin-${w}-normal.woff`,
  latinExt: (w) => `@fontsource/noto-sans/files/noto-sans-latin-ext-${w}-normal.woff`,
  cyrillic: (w) => `@fontsource/noto-sans/files/noto-sans-cyrillic-${w}-normal.woff`,
  cyrillicExt: (w) => `@fontsource/noto-sans/files/noto-sans-cyrillic-ext-${w}-normal.woff`,
  arabic: (w) => `@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-${w}-normal.woff`,
  sc: (w) => `@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-${w}-normal.woff`,
};

/** Fallback order for characters that are not Arabic or CJK. */
const LATIN_ORDER: readonly FontFace[] = ['latin', 'latinExt', 'cyrillic', 'cyrillicExt', 'arabic', 'sc'];
const ARABIC_ORDER: readonly FontFace[] = ['arabic', 'latin', 'latinExt', 'sc'];
const CJK_ORDER: readonly FontFace[] = ['sc', 'latin', 'latinExt'];

export interface LoadedFont {
  /** Name under which the font is registered with pdfkit. */
  name: string;
  face: FontFace;
  weight: FontWeight;
  ttf: Buffer;
  /** Code points the font maps to a glyph. */
  coverage: Set<number>;
  /** hhea ascender / descender in units of the font size (1 = the em). */
  ascent: number;
  descent: number;
}

/** Converts a WOFF 1.0 file to the TrueType/OpenType sfnt it wraps. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const tag = woff.toString('latin1', entry, entry + 4);
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const checksum = woff.readUInt32BE(entry + 16);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error(`WOFF table ${tag}: bad length`);
    tables.push({ tag, checksum, data });
  }
  // Table records must be sorted by tag (they are in WOFF, but do not rely on it).
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headerSize = 12 + 16 * numTables;
  let size = headerSize;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    out.write(t.tag, record, 4, 'latin1');
    out.writeUInt32BE(t.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(t.data.length, record + 12);
    t.data.copy(out, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}

function findTable(sfnt: Buffer, tag: string): Buffer | null {
  const numTables = sfnt.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (sfnt.toString('latin1', record, record + 4) === tag) {
      const offset = sfnt.readUInt32BE(record + 8);
      return sfnt.subarray(offset, offset + sfnt.readUInt32BE(record + 12));
    }
  }
  return null;
}

/** The code points mapped by a Unicode cmap subtable (formats 4 and 12). */
export function cmapCoverage(sfnt: Buffer): Set<number> {
  const cmap = findTable(sfnt, 'cmap');
  const covered = new Set<number>();
  if (!cmap) return covered;
  const count = cmap.readUInt16BE(2);
  let best: { offset: number; format: number } | null = null;
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && best?.format !== 12) best = { offset, format };
    else if (format === 4 && !best) best = { offset, format };
  }
  if (!best) return covered;
  const t = cmap.subarray(best.offset);
  if (best.format === 12) {
    const groups = t.readUInt32BE(12);
    for (let g = 0; g < groups; g++) {
      const start = t.readUInt32BE(16 + g * 12);
      const end = t.readUInt32BE(20 + g * 12);
      const glyph = t.readUInt32BE(24 + g * 12);
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) covered.add(c);
    }
    return covered;
  }
  const segCount = t.readUInt16BE(6) / 2;
  const endCodes = 14;
  const startCodes = endCodes + segCount * 2 + 2;
  const idDeltas = startCodes + segCount * 2;
  const idRangeOffsets = idDeltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = t.readUInt16BE(endCodes + s * 2);
    const start = t.readUInt16BE(startCodes + s * 2);
    const delta = t.readInt16BE(idDeltas + s * 2);
    const rangeOffset = t.readUInt16BE(idRangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = idRangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = t.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) covered.add(c);
    }
  }
  return covered;
}

const cache = new Map<string, LoadedFont>();

/** The font for a face and weight, converted and analysed once per process. */
export function loadFont(face: FontFace, weight: FontWeight): LoadedFont {
  const name = `Noto-${face}-${weight}`;
  const cached = cache.get(name);
  if (cached) return cached;
  const ttf = woffToSfnt(readFileSync(require.resolve(FILES[face](weight))));
  const head = findTable(ttf, 'head');
  const hhea = findTable(ttf, 'hhea');
  if (!head || !hhea) throw new Error(`${name}: missing head/hhea`);
  const unitsPerEm = head.readUInt16BE(18);
  const font: LoadedFont = {
    name,
    face,
    weight,
    ttf,
    coverage: cmapCoverage(ttf),
    ascent: hhea.readInt16BE(4) / unitsPerEm,
    descent: hhea.readInt16BE(6) / unitsPerEm,
  };
  cache.set(name, font);
  return font;
}

export type Script = 'arabic' | 'cjk' | 'other';

export function isArabic(cp: number): boolean {
  return (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x0870 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfeff && cp !== 0xfeff)
  );
}

export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    (cp >= 0x3000 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x2ffff)
  );
}

/** Neutral characters (spaces, digits, punctuation) stay in the current run's font when it can. */
function isNeutral(cp: number): boolean {
  return cp < 0x41 || (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0xbf) || (cp >= 0x2000 && cp <= 0x206f);
}

export function scriptOf(cp: number): Script {
  return isArabic(cp) ? 'arabic' : isCjk(cp) ? 'cjk' : 'other';
}

export interface FontRun {
  text: string;
  font: LoadedFont;
}

/**
 * Splits `text` into runs of consecutive characters drawn with the same font. Characters no font
 * covers are reported in `missing` (and drawn with the latin font, which shows .notdef).
 */
export function splitByFont(text: string, weight: FontWeight, missing?: Set<string>): FontRun[] {
  const runs: FontRun[] = [];
  let current: FontRun | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let font: LoadedFont | null = null;
    if (current && isNeutral(cp) && current.font.coverage.has(cp)) font = current.font;
    else {
      const script = scriptOf(cp);
      const order = script === 'arabic' ? ARABIC_ORDER : script === 'cjk' ? CJK_ORDER : LATIN_ORDER;
      for (const face of order) {
        const candidate = loadFont(face, weight);
        if (candidate.coverage.has(cp)) {
          font = candidate;
          break;
        }
      }
      if (!font) {
        missing?.add(ch);
        font = loadFont('latin', weight);
      }
    }
    if (current && current.font === font) current.text += ch;
    else {
      current = { text: ch, font };
      runs.push(current);
    }
  }
  return runs;
}

/** Characters of `text` that none of the certificate fonts can draw. */
export function missingGlyphs(text: string, weight: FontWeight = 400): string[] {
  const missing = new Set<string>();
  splitByFont(text, weight, missing);
  return [...missing];
}
