/**
 * Multi-script text on a pdfkit page: font fallback per run, a small bidi pass for Arabic, and
 * greedy line wrapping.
 *
 * Arabic: pdfkit lays text out through fontkit. Without `features` pdfkit shapes each
 * space-separated word on its own and writes the words left to right, which puts a multi-word
 * Arabic phrase in the wrong word order. With `features` set, the whole run goes to fontkit in one
 * piece; fontkit detects the Arabic script, applies the joining forms (init/medi/fina/isol, rlig)
 * and returns the glyphs in visual (right-to-left) order. Verified with pdfkit 0.20.2 /
 * fontkit 2.0.4: the rendered page shows joined letters in the right word order, and `pdftotext`
 * returns "شهادة عملية كيمبرلي" in logical order (wrapped in U+202B … U+202C embedding marks).
 * Digits and Latin text inside an Arabic line are separate left-to-right runs; runs are ordered
 * right to left, and brackets drawn from the Latin font inside Arabic runs are mirrored.
 */
import type PDFDocument from 'pdfkit';
import { isArabic, isCjk, splitByFont, type FontWeight, type LoadedFont } from './fonts.ts';

type Doc = InstanceType<typeof PDFDocument>;

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: string;
}

export type Align = 'left' | 'right' | 'center' | 'auto';

/** Features that make pdfkit hand the whole Arabic run to fontkit (see the comment above). */
const ARABIC_FEATURES = ['rlig', 'calt', 'liga', 'init', 'medi', 'fina', 'isol'];

const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

interface Piece {
  text: string;
  font: LoadedFont;
  arabic: boolean;
}

function isStrongRtl(cp: number): boolean {
  return isArabic(cp);
}

function isStrongLtr(cp: number): boolean {
  if (isArabic(cp)) return false;
  if (cp >= 0x30 && cp <= 0x39) return true; // digits: kept left to right
  if (isCjk(cp)) return true;
  const ch = String.fromCodePoint(cp);
  return /\p{L}|\p{N}/u.test(ch);
}

export function baseDirection(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isStrongRtl(cp)) return 'rtl';
    if (isStrongLtr(cp)) return 'ltr';
  }
  return 'ltr';
}

/** Splits one line into directional runs, in visual order (left to right on the page). */
function visualRuns(text: string): { text: string; rtl: boolean }[] {
  const chars = [...text];
  const base = baseDirection(text);
  const strong: ('L' | 'R' | null)[] = chars.map((ch) => {
    const cp = ch.codePointAt(0)!;
    return isStrongRtl(cp) ? 'R' : isStrongLtr(cp) ? 'L' : null;
  });
  const baseClass = base === 'rtl' ? 'R' : 'L';
  const resolved = strong.map((s, i) => {
    if (s) return s;
    let before: 'L' | 'R' = baseClass;
    for (let j = i - 1; j >= 0; j--) if (strong[j]) { before = strong[j]!; break; }
    let after: 'L' | 'R' = baseClass;
    for (let j = i + 1; j < chars.length; j++) if (strong[j]) { after = strong[j]!; break; }
    return before === after ? before : baseClass;
  });
  const runs: { text: string; rtl: boolean }[] = [];
  chars.forEach((ch, i) => {
    const rtl = resolved[i] === 'R';
    const last = runs[runs.length - 1];
    if (last && last.rtl === rtl) last.text += ch;
    else runs.push({ text: ch, rtl });
  });
  return base === 'rtl' ? runs.reverse() : runs;
}

interface EmbeddedFontInternals {
  encode(text: string, features?: unknown): [string[], unknown[]];
  layout(text: string, features?: unknown): { glyphs: { id: number; codePoints: number[]; advanceWidth: number }[]; positions: unknown[] };
  subset: { glyphs: number[]; includeGlyph(id: number): number };
  unicode: (number[] | undefined)[];
  widths: (number | undefined)[];
  scale: number;
  font: { _glyphs: Record<number, unknown>; getGlyph(id: number, codePoints?: number[]): unknown };
  kimberliteDistinctGlyphs?: boolean;
}

/**
 * Makes copy/paste and `pdftotext` of Arabic give the right letters.
 *
 * Noto Sans Arabic draws many letters as a shared dotless skeleton plus separate dot marks (its
 * `ccmp` decomposes them; the joining forms exist only for the skeletons), e.g. ت and ي in medial
 * position are the same skeleton glyph. pdfkit 0.20 writes one ToUnicode entry per glyph, taken
 * from its first use, so `pdftotext` turned "تاريخ" into "تارتخ". Here pdfkit's glyph encoder on the
 * Arabic font is wrapped so that a skeleton used for a second, different letter gets its own copy
 * in the embedded subset (fontkit's TTF subsetter copies a glyph id listed twice), each copy with
 * its own ToUnicode entry. (An ActualText span was tried first: poppler then misplaces the text.)
 * If pdfkit's internals ever differ, the wrapper is not installed and only extraction suffers.
 */
function distinctArabicToUnicode(candidate: unknown): void {
  const font = candidate as Partial<EmbeddedFontInternals> | null;
  if (!font || font.kimberliteDistinctGlyphs) return;
  const f = font as EmbeddedFontInternals;
  if (
    typeof f.encode !== 'function' ||
    typeof f.layout !== 'function' ||
    !f.subset ||
    !Array.isArray(f.subset.glyphs) ||
    typeof f.subset.includeGlyph !== 'function' ||
    !Array.isArray(f.unicode) ||
    !Array.isArray(f.widths) ||
    typeof f.scale !== 'number' ||
    !f.font ||
    typeof f.font._glyphs !== 'object' ||
    typeof f.font.getGlyph !== 'function' ||
    Object.prototype.hasOwnProperty.call(f.font, 'getGlyph')
  ) {
    return;
  }
  f.kimberliteDistinctGlyphs = true;
  const copies = new Map<string, number>();
  f.encode = function encode(this: EmbeddedFontInternals, text: string, features?: unknown) {
    // fontkit caches one Glyph object per glyph id, carrying the code points of whichever string
    // first produced it; during this layout every lookup gets a fresh Glyph with its own letter.
    const fk = this.font;
    const getGlyph = fk.getGlyph;
    fk.getGlyph = (id: number, codePoints?: number[]) => {
      const cache = fk._glyphs;
      fk._glyphs = {};
      try {
        return getGlyph.call(fk, id, codePoints);
      } finally {
        fk._glyphs = cache;
      }
    };
    let run: ReturnType<EmbeddedFontInternals['layout']>;
    try {
      run = this.layout(text, features);
    } finally {
      delete (fk as { getGlyph?: unknown }).getGlyph;
    }
    const { glyphs, positions } = run;
    const encoded: string[] = [];
    for (const glyph of glyphs) {
      let gid = this.subset.includeGlyph(glyph.id);
      const mapped = this.unicode[gid];
      const codePoints = glyph.codePoints ?? [];
      if (mapped != null && codePoints.length > 0 && mapped.join(',') !== codePoints.join(',')) {
        const key = `${glyph.id}:${codePoints.join(',')}`;
        let copy = copies.get(key);
        if (copy === undefined) {
          this.subset.glyphs.push(glyph.id);
          copy = this.subset.glyphs.length - 1;
          copies.set(key, copy);
        }
        gid = copy;
      }
      encoded.push(`0000${gid.toString(16)}`.slice(-4));
      if (this.widths[gid] == null) this.widths[gid] = glyph.advanceWidth * this.scale;
      if (this.unicode[gid] == null) this.unicode[gid] = codePoints;
    }
    return [encoded, positions];
  };
}

export class PdfText {
  private readonly registered = new Set<string>();
  private readonly pieceCache = new Map<string, Piece[]>();
  /** Advance widths at 1 pt, per font and text: layout is the costly part of a render. */
  private static readonly widthCache = new Map<string, number>();

  constructor(private readonly doc: Doc) {}

  private use(font: LoadedFont, size: number): void {
    if (!this.registered.has(font.name)) {
      this.doc.registerFont(font.name, font.ttf);
      this.registered.add(font.name);
    }
    this.doc.font(font.name).fontSize(size);
    if (font.face === 'arabic') distinctArabicToUnicode((this.doc as unknown as { _font: unknown })._font);
  }

  /** The pieces of one line in visual order, each drawn left to right as given. */
  private pieces(line: string, weight: FontWeight): Piece[] {
    const key = `${weight}|${line}`;
    const cached = this.pieceCache.get(key);
    if (cached) return cached;
    const out: Piece[] = [];
    this.pieceCache.set(key, out);
    for (const run of visualRuns(line)) {
      const byFont = splitByFont(run.text, weight).map((r) => ({
        text: r.text,
        font: r.font,
        arabic: r.font.face === 'arabic',
      }));
      if (!run.rtl) {
        out.push(...byFont);
        continue;
      }
      for (const piece of byFont.reverse()) {
        if (piece.arabic) out.push(piece);
        else {
          // Neutral characters in a right-to-left run: reverse them and mirror brackets.
          const text = [...piece.text].reverse().map((ch) => MIRROR[ch] ?? ch).join('');
          out.push({ ...piece, text });
        }
      }
    }
    return out;
  }

  private pieceWidth(piece: Piece, size: number): number {
    const key = `${piece.font.name}|${piece.text}`;
    let unit = PdfText.widthCache.get(key);
    if (unit === undefined) {
      this.use(piece.font, 1000);
      unit = this.doc.widthOfString(piece.text, piece.arabic ? { features: ARABIC_FEATURES as never } : {}) / 1000;
      if (PdfText.widthCache.size > 20_000) PdfText.widthCache.clear();
      PdfText.widthCache.set(key, unit);
    }
    return unit * size;
  }

  width(text: string, style: TextStyle): number {
    let w = 0;
    for (const piece of this.pieces(text, style.weight ?? 400)) w += this.pieceWidth(piece, style.size);
    return w;
  }

  /** Draws one line with its alphabetic baseline at `baseline`. */
  drawLine(text: string, x: number, baseline: number, style: TextStyle, align: Align = 'left', width = 0): void {
    const weight = style.weight ?? 400;
    const pieces = this.pieces(text, weight);
    const widths = pieces.map((p) => this.pieceWidth(p, style.size));
    const total = widths.reduce((a, b) => a + b, 0);
    const resolved = align === 'auto' ? (baseDirection(text) === 'rtl' ? 'right' : 'left') : align;
    let cursor = resolved === 'right' ? x + width - total : resolved === 'center' ? x + (width - total) / 2 : x;
    this.doc.fillColor(style.color ?? '#000000');
    pieces.forEach((piece, i) => {
      this.use(piece.font, style.size);
      this.doc.text(piece.text, cursor, baseline, {
        lineBreak: false,
        baseline: 'alphabetic',
        ...(piece.arabic ? { features: ARABIC_FEATURES as never } : {}),
      });
      cursor += widths[i];
    });
  }

  /** Greedy word wrap; CJK may break between any two characters, over-long words anywhere. */
  wrap(text: string, style: TextStyle, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      const tokens = paragraph.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][、，。：；）]?|\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+/gu) ?? [''];
      let line = '';
      for (const token of tokens) {
        const candidate = line + token;
        if (line === '' || this.width(candidate.trimEnd(), style) <= maxWidth) {
          if (line === '' && /^\s+$/.test(token)) continue;
          if (line === '' && this.width(token, style) > maxWidth) {
            // Break an over-long token (e.g. a URL) character by character.
            let part = '';
            for (const ch of token) {
              if (part !== '' && this.width(part + ch, style) > maxWidth) {
                lines.push(part);
                part = '';
              }
              part += ch;
            }
            line = part;
          } else line = candidate;
        } else {
          lines.push(line.trimEnd());
          line = /^\s+$/.test(token) ? '' : token;
          if (line !== '' && this.width(line, style) > maxWidth) {
            const broken = this.wrap(line, style, maxWidth);
            lines.push(...broken.slice(0, -1));
            line = broken[broken.length - 1] ?? '';
          }
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  lineHeight(style: TextStyle): number {
    return style.size * 1.32;
  }

  /** Height a wrapped paragraph takes. */
  measure(text: string, style: TextStyle, width: number): number {
    return this.wrap(text, style, width).length * this.lineHeight(style);
  }

  /** Draws a wrapped paragraph whose first line box starts at `top`; returns its height. */
  paragraph(text: string, x: number, top: number, width: number, style: TextStyle, align: Align = 'auto'): number {
    const lines = this.wrap(text, style, width);
    const lh = this.lineHeight(style);
    const resolved: Align = align === 'auto' ? (baseDirection(text) === 'rtl' ? 'right' : 'left') : align;
    lines.forEach((line, i) => this.drawLine(line, x, top + i * lh + style.size * 1.02, style, resolved, width));
    return lines.length * lh;
  }
}
