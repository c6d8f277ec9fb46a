/**
 * The printable A4 PDF of a Kimberley Process certificate: every Annex I field in boxes, labels
 * in English and in the issuing participant's language, a vector QR code holding the link to the
 * public verification page with the signed seal in it, the security code under the certificate
 * number, and the number with "page n of m" on every page. The seal is also kept in the document
 * information (`KPCSeal`), so an uploaded original verifies without reading the QR from pixels.
 *
 * Fonts are Noto Sans / Noto Sans Arabic / Noto Sans SC from @fontsource (see ./pdf/fonts.ts);
 * text layout, font fallback and Arabic ordering are in ./pdf/text.ts. Nothing is downloaded.
 */
import PDFDocument from 'pdfkit';
import QRCode, { type QRCodeSegment } from 'qrcode';
import type { Language } from '../i18n/languages.ts';
import { participantName } from '../participants/country-names.ts';
import { CertificateContentSchema, KPCS_STATEMENT, type CertificateContent } from './certificate-content.ts';
import { PDF_LABELS, PURPOSE_LABELS, type PdfLabelKey } from './pdf-labels.ts';
import { formatAmount, pricePerCarat } from '../domain/amounts.ts';
import { baseDirection, PdfText, type Align, type TextStyle } from './pdf/text.ts';
import { securityCodeOf } from '../verification/security-code.ts';

export interface CertificatePdfInput {
  content: CertificateContent;
  /** The signed seal (Base45 with prefix "KPC1:"): carried by the QR link and the document information. */
  seal: string;
  /** The public verification page (`https://…/verify`): the QR links to it; printed as "Verify at …". */
  verifyUrl: string;
  /** The issuing participant's own language; 'en' prints English only. */
  secondLanguage: Language;
  state?: 'issued' | 'voided' | 'replaced' | 'received';
}

type Doc = InstanceType<typeof PDFDocument>;

// A4 portrait in points.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 36;
const X0 = MARGIN;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const HEADER_BOTTOM = 92;
const FOOTER_TOP = PAGE_H - 42;
const GAP = 6;
const PAD = 5;

/** The QR symbol including its 4-module quiet zone: 170 pt = 60 mm. */
const QR_SIZE = 170;
const QR_BOX_W = QR_SIZE + 2 * PAD + 6;

const INK = '#111111';
const LINE = '#4a5560';
const LABEL_BG = '#eef1f4';
const MUTED = '#3d4650';

const S = {
  label: { size: 6.8, weight: 700, color: MUTED },
  label2: { size: 6.8, weight: 400, color: MUTED },
  value: { size: 9, weight: 400, color: INK },
  valueBold: { size: 9.5, weight: 700, color: INK },
  value2: { size: 8.5, weight: 400, color: '#2a3138' },
  small: { size: 7.5, weight: 400, color: INK },
  small2: { size: 7.2, weight: 400, color: '#2a3138' },
  cell: { size: 8.5, weight: 400, color: INK },
  cellBold: { size: 8.5, weight: 700, color: INK },
} satisfies Record<string, TextStyle>;

/** A piece of a box: a bilingual label, or a paragraph of text. */
type Block =
  | { kind: 'label'; key: PdfLabelKey }
  | { kind: 'text'; text: string; style: TextStyle; align?: Align };

class CertificatePdf {
  readonly t: PdfText;
  private readonly securityCode: string;
  private y = 0;
  private bodyTop: number;
  private readonly second: Language | null;

  constructor(
    private readonly doc: Doc,
    private readonly c: CertificateContent,
    private readonly input: CertificatePdfInput,
  ) {
    this.t = new PdfText(doc);
    this.securityCode = securityCodeOf(input.seal);
    this.second = input.secondLanguage === 'en' ? null : input.secondLanguage;
    this.bodyTop = HEADER_BOTTOM + (this.stamp() ? 28 : 8);
    this.y = this.bodyTop;
  }

  private stamp(): { word: PdfLabelKey; notice: PdfLabelKey } | null {
    if (this.input.state === 'voided') return { word: 'void', notice: 'voidNotice' };
    if (this.input.state === 'replaced') return { word: 'replaced', notice: 'replacedNotice' };
    return null;
  }

  private en(key: PdfLabelKey): string {
    return PDF_LABELS[key].en;
  }

  private tr(key: PdfLabelKey): string | null {
    return this.second ? PDF_LABELS[key][this.second] : null;
  }

  private names(codes: string[], language: Language): string {
    return codes.map((code) => participantName(code, language)).join(PDF_LABELS.listSeparator[language]);
  }

  /** English text plus, when it differs, the second-language text on its own line. */
  private bilingual(en: string, second: string | null, style: TextStyle = S.value, style2: TextStyle = S.value2): Block[] {
    const blocks: Block[] = [{ kind: 'text', text: en, style }];
    if (second !== null && second !== en) blocks.push({ kind: 'text', text: second, style: style2 });
    return blocks;
  }

  private countries(codes: string[], style: TextStyle = S.value): Block[] {
    return this.bilingual(this.names(codes, 'en'), this.second ? this.names(codes, this.second) : null, style);
  }

  // ---- bilingual labels ------------------------------------------------------------------------

  /** Lays out a label: "English / Français" on one line when it fits, else stacked. */
  private labelLayout(key: PdfLabelKey, width: number): { text: string; style: TextStyle; align: Align; sameLine?: string }[] {
    const en = this.en(key);
    const second = this.tr(key);
    if (second === null || second === en) return [{ text: en, style: S.label, align: 'left' }];
    if (baseDirection(second) === 'rtl') {
      if (this.t.width(en, S.label) + this.t.width(second, S.label2) + 10 <= width) {
        return [{ text: en, style: S.label, align: 'left', sameLine: second }];
      }
      return [
        { text: en, style: S.label, align: 'left' },
        { text: second, style: S.label2, align: 'right' },
      ];
    }
    const joined = `${en} / ${second}`;
    if (this.t.width(joined, S.label) <= width) {
      return [{ text: en, style: S.label, align: 'left', sameLine: ` / ${second}` }];
    }
    return [
      { text: en, style: S.label, align: 'left' },
      { text: second, style: S.label2, align: 'left' },
    ];
  }

  private drawLabel(key: PdfLabelKey, x: number, top: number, width: number, draw: boolean, alignRight = false): number {
    let h = 0;
    for (const line of this.labelLayout(key, width)) {
      if (draw && line.sameLine !== undefined && alignRight && baseDirection(line.sameLine) === 'ltr') {
        const baseline = top + h + line.style.size * 1.02;
        const w2 = this.t.width(line.sameLine, S.label2);
        this.t.drawLine(line.sameLine, x, baseline, S.label2, 'right', width);
        this.t.drawLine(line.text, x, baseline, line.style, 'right', width - w2);
        h += this.t.lineHeight(line.style);
      } else if (draw && line.sameLine !== undefined) {
        const baseline = top + h + line.style.size * 1.02;
        this.t.drawLine(line.text, x, baseline, line.style);
        if (baseDirection(line.sameLine) === 'rtl') this.t.drawLine(line.sameLine, x, baseline, S.label2, 'right', width);
        else this.t.drawLine(line.sameLine, x + this.t.width(line.text, line.style), baseline, S.label2);
        h += this.t.lineHeight(line.style);
      } else if (draw) {
        const align = alignRight && line.align === 'left' ? 'right' : line.align;
        h += this.t.paragraph(line.text, x, top + h, width, line.style, align);
      } else h += this.t.measure(line.text, line.style, width);
    }
    return h;
  }

  // ---- boxes -----------------------------------------------------------------------------------

  private blocksHeight(blocks: Block[], width: number, draw: boolean, x = 0, top = 0): number {
    let h = 0;
    blocks.forEach((block, i) => {
      if (block.kind === 'label') {
        if (i > 0) h += 3;
        h += this.drawLabel(block.key, x, top + h, width, draw);
        h += 1;
      } else if (draw) h += this.t.paragraph(block.text, x, top + h, width, block.style, block.align ?? 'auto');
      else h += this.t.measure(block.text, block.style, width);
    });
    return h;
  }

  /** Height of a box with a shaded label band on top. */
  private boxHeight(label: PdfLabelKey, blocks: Block[], width: number): number {
    const inner = width - 2 * PAD;
    return this.drawLabel(label, 0, 0, inner, false) + 3 + this.blocksHeight(blocks, inner, false) + 2 * PAD + 1;
  }

  private drawBox(label: PdfLabelKey, blocks: Block[], x: number, top: number, width: number, height: number): void {
    const inner = width - 2 * PAD;
    const labelH = this.drawLabel(label, 0, 0, inner, false);
    const band = labelH + PAD + 1;
    this.doc.save();
    this.doc.rect(x, top, width, band).fill(LABEL_BG);
    this.doc.restore();
    this.doc.save();
    this.doc.lineWidth(0.6).strokeColor(LINE).rect(x, top, width, height).stroke();
    this.doc.restore();
    this.drawLabel(label, x + PAD, top + PAD - 1, inner, true);
    this.blocksHeight(blocks, inner, true, x + PAD, top + band + 3);
  }

  /** A row of boxes with equal heights. */
  private row(boxes: { label: PdfLabelKey; blocks: Block[]; share?: number }[]): void {
    const totalShare = boxes.reduce((a, b) => a + (b.share ?? 1), 0);
    const free = CONTENT_W - GAP * (boxes.length - 1);
    const widths = boxes.map((b) => (free * (b.share ?? 1)) / totalShare);
    const height = Math.max(...boxes.map((b, i) => this.boxHeight(b.label, b.blocks, widths[i])));
    this.ensureSpace(height);
    let x = X0;
    boxes.forEach((b, i) => {
      this.drawBox(b.label, b.blocks, x, this.y, widths[i], height);
      x += widths[i] + GAP;
    });
    this.y += height + GAP;
  }

  private ensureSpace(height: number): boolean {
    if (this.y + height <= FOOTER_TOP - 6) return false;
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = this.bodyTop;
    return true;
  }

  // ---- sections --------------------------------------------------------------------------------

  private statement(): void {
    const c = this.c;
    const second = this.second && c.statement === KPCS_STATEMENT ? PDF_LABELS.statement[this.second] : null;
    const blocks = this.bilingual(c.statement, second, S.small, S.small2);
    const inner = CONTENT_W - 2 * PAD;
    const h = this.blocksHeight(blocks, inner, false) + 2 * PAD;
    this.doc.save();
    this.doc.lineWidth(0.6).strokeColor(LINE).rect(X0, this.y, CONTENT_W, h).stroke();
    this.doc.restore();
    this.blocksHeight(blocks, inner, true, X0 + PAD, this.y + PAD);
    this.y += h + GAP;
  }

  private party(p: { name: string; address: string; licence: string }): Block[] {
    return [
      { kind: 'label', key: 'name' },
      { kind: 'text', text: p.name, style: S.valueBold },
      { kind: 'label', key: 'address' },
      { kind: 'text', text: p.address, style: S.value },
      { kind: 'label', key: 'licence' },
      { kind: 'text', text: p.licence, style: S.value },
    ];
  }

  /** Dates, participants, authority on the left; the QR seal on the right. */
  private topBlock(): void {
    const c = this.c;
    const leftW = CONTENT_W - QR_BOX_W - GAP;
    const halfW = (leftW - GAP) / 2;
    const issuing: Block[] = this.countries([c.issuingParticipant], S.valueBold);
    if (c.issuingTerritory) {
      issuing.push({ kind: 'label', key: 'euMemberState' }, ...this.countries([c.issuingTerritory]));
    }
    const authority: Block[] = [
      { kind: 'text', text: c.issuingAuthority.name, style: S.valueBold },
      { kind: 'text', text: c.issuingAuthority.address, style: S.value },
    ];
    const dateBlocks = (d: string): Block[] => [{ kind: 'text', text: d, style: S.valueBold }];
    const dateH = Math.max(
      this.boxHeight('issueDate', dateBlocks(c.issueDate), halfW),
      this.boxHeight('expiryDate', dateBlocks(c.expiryDate), halfW),
    );
    const stack: { label: PdfLabelKey; blocks: Block[]; h: number }[] = [
      { label: 'issuingParticipant', blocks: issuing, h: 0 },
      { label: 'destination', blocks: this.countries([c.importingParticipant], S.valueBold), h: 0 },
      { label: 'issuingAuthority', blocks: authority, h: 0 },
    ];
    for (const s of stack) s.h = this.boxHeight(s.label, s.blocks, leftW);

    // The seal box.
    const qrInner = QR_BOX_W - 2 * PAD;
    const verify: Block[] = this.bilingual(
      `${this.en('verifyAt')} ${this.input.verifyUrl}`,
      this.second ? `${this.tr('verifyAt')} ${this.input.verifyUrl}` : null,
      S.small,
      S.small2,
    );
    const qrLabelH = this.drawLabel('electronicSeal', 0, 0, qrInner, false) + PAD + 1;
    const qrNatural = qrLabelH + 3 + QR_SIZE + 3 + this.blocksHeight(verify, qrInner, false) + PAD;
    const leftNatural = dateH + stack.reduce((a, s) => a + s.h, 0) + GAP * stack.length;
    const height = Math.max(qrNatural, leftNatural);
    stack[stack.length - 1].h += height - leftNatural;

    const top = this.y;
    this.drawBox('issueDate', dateBlocks(c.issueDate), X0, top, halfW, dateH);
    this.drawBox('expiryDate', dateBlocks(c.expiryDate), X0 + halfW + GAP, top, halfW, dateH);
    let y = top + dateH + GAP;
    for (const s of stack) {
      this.drawBox(s.label, s.blocks, X0, y, leftW, s.h);
      y += s.h + GAP;
    }
    const qx = X0 + leftW + GAP;
    this.drawBox('electronicSeal', [], qx, top, QR_BOX_W, height);
    const qrTop = top + qrLabelH + 3;
    drawQr(this.doc, verificationQrSegments(this.input.verifyUrl, this.input.seal), qx + (QR_BOX_W - QR_SIZE) / 2, qrTop, QR_SIZE);
    this.blocksHeight(verify, qrInner, true, qx + PAD, qrTop + QR_SIZE + 3);
    this.y = top + height + GAP;
  }

  private details(): void {
    const c = this.c;
    this.row([
      { label: 'exporter', blocks: this.party(c.exporter) },
      { label: 'importer', blocks: this.party(c.importer) },
    ]);
    const originEn = this.names(c.origin.countries, 'en');
    const origin = (language: Language, names: string) =>
      c.origin.mixed ? `${PDF_LABELS.mixed[language]}${PDF_LABELS.colon[language]}${names}` : names;
    const zone = c.originZone;
    const zoneLine = (language: Language, label: string) => `${label}${PDF_LABELS.colon[language]}${zone!.name} (${zone!.monitoringTeam})`;
    const originBlocks = [
      ...this.bilingual(origin('en', originEn), this.second ? origin(this.second, this.names(c.origin.countries, this.second)) : null),
      ...(zone ? this.bilingual(zoneLine('en', this.en('compliantZone')), this.second ? zoneLine(this.second, this.tr('compliantZone')!) : null) : []),
    ];
    const transit =
      c.transitCountries.length > 0
        ? this.countries(c.transitCountries)
        : this.bilingual(this.en('none'), this.tr('none'));
    this.row([
      { label: 'origin', blocks: originBlocks },
      { label: 'transit', blocks: transit },
    ]);
    const purpose = PURPOSE_LABELS[c.purpose];
    const seals =
      c.seals.length > 0
        ? [{ kind: 'text', text: c.seals.join(', '), style: S.value } satisfies Block]
        : this.bilingual(this.en('none'), this.tr('none'));
    const third: { label: PdfLabelKey; blocks: Block[] }[] = [
      { label: 'purpose', blocks: this.bilingual(purpose.en, this.second ? purpose[this.second] : null) },
      { label: 'seals', blocks: seals },
    ];
    if (c.replaces) {
      third.push({ label: 'replaces', blocks: [{ kind: 'text', text: c.replaces, style: S.valueBold }] });
    }
    this.row(third);
    if (c.sizeProfiles) {
      this.row([{ label: 'sizeProfiles', blocks: [{ kind: 'text', text: `${c.sizeProfiles.parcels.join(', ')}; ${c.sizeProfiles.digest}`, style: S.value }] }]);
    }
    if (c.stockDraws) {
      this.row([{ label: 'stockDraws', blocks: [{ kind: 'text', text: `${c.stockDraws.sites}; ${c.stockDraws.digest}`, style: S.value }] }]);
    }
  }

  // ---- parcel table ----------------------------------------------------------------------------

  private readonly columns: { key: PdfLabelKey; width: number; align: Align }[] = [
    { key: 'no', width: 44, align: 'right' },
    { key: 'hsCode', width: 86, align: 'left' },
    { key: 'carats', width: 118, align: 'right' },
    { key: 'value', width: 145, align: 'right' },
    { key: 'perCarat', width: CONTENT_W - 44 - 86 - 118 - 145, align: 'right' },
  ];

  private tableTitle(continued: boolean): void {
    const key: PdfLabelKey = 'parcels';
    const en = continued ? `${this.en(key)} ${this.en('continued')}` : this.en(key);
    const second = this.tr(key);
    const secondText = second === null ? null : continued ? `${second} ${this.tr('continued')}` : second;
    const blocks = this.bilingual(en, secondText, S.cellBold, S.value2);
    const h = this.blocksHeight(blocks, CONTENT_W, false);
    this.ensureSpace(h + 60);
    this.blocksHeight(blocks, CONTENT_W, true, X0, this.y);
    this.y += h + 2;
  }

  private tableHeader(): void {
    const heights = this.columns.map((col) => this.drawLabel(col.key, 0, 0, col.width - 2 * PAD, false));
    const h = Math.max(...heights) + 2 * PAD - 2;
    this.doc.save();
    this.doc.rect(X0, this.y, CONTENT_W, h).fill(LABEL_BG);
    this.doc.restore();
    this.doc.save();
    this.doc.lineWidth(0.6).strokeColor(LINE).rect(X0, this.y, CONTENT_W, h).stroke();
    this.doc.restore();
    let x = X0;
    for (const col of this.columns) {
      this.drawLabel(col.key, x + PAD, this.y + PAD - 1, col.width - 2 * PAD, true, col.align === 'right');
      x += col.width;
    }
    this.y += h;
  }

  private tableRow(cells: string[], style: TextStyle, shade: boolean, height = 13): void {
    if (shade) {
      this.doc.save();
      this.doc.rect(X0, this.y, CONTENT_W, height).fill('#f7f8fa');
      this.doc.restore();
    }
    this.doc.save();
    this.doc.lineWidth(0.4).strokeColor('#9aa3ad').moveTo(X0, this.y + height).lineTo(X0 + CONTENT_W, this.y + height).stroke();
    this.doc.restore();
    let x = X0;
    this.columns.forEach((col, i) => {
      const text = cells[i] ?? '';
      if (text) this.t.drawLine(text, x + PAD, this.y + height - 3.6, style, col.align, col.width - 2 * PAD);
      x += col.width;
    });
    this.y += height;
  }

  private parcels(): void {
    const c = this.c;
    this.tableTitle(false);
    this.tableHeader();
    c.parcels.forEach((p, i) => {
      if (this.y + 13 > FOOTER_TOP - 6) {
        this.ensureSpace(FOOTER_TOP);
        this.tableTitle(true);
        this.tableHeader();
      }
      const perCarat = pricePerCarat(p.valueUsd, p.carats);
      this.tableRow(
        [String(i + 1), p.hsCode, formatAmount(p.carats), formatAmount(p.valueUsd), perCarat ? formatAmount(perCarat) : '—'],
        S.cell,
        i % 2 === 1,
      );
    });
    // Totals row, with its label in both languages.
    const totalPerCarat = pricePerCarat(c.totals.valueUsd, c.totals.carats);
    const totalLabel = this.second ? `${this.en('total')} / ${this.tr('total')}` : this.en('total');
    if (this.y + 18 > FOOTER_TOP - 6) {
      this.ensureSpace(FOOTER_TOP);
      this.tableTitle(true);
      this.tableHeader();
    }
    const top = this.y;
    this.doc.save();
    this.doc.rect(X0, top, CONTENT_W, 16).fill(LABEL_BG);
    this.doc.restore();
    const totalsStyle = { ...S.cellBold, size: 9 };
    this.t.drawLine(totalLabel, X0 + PAD, top + 12, totalsStyle, 'left', this.columns[0].width + this.columns[1].width - 2 * PAD);
    let x = X0 + this.columns[0].width + this.columns[1].width;
    const totals = [formatAmount(c.totals.carats), formatAmount(c.totals.valueUsd), totalPerCarat ? formatAmount(totalPerCarat) : '—'];
    totals.forEach((text, i) => {
      const col = this.columns[i + 2];
      this.t.drawLine(text, x + PAD, top + 12, totalsStyle, 'right', col.width - 2 * PAD);
      x += col.width;
    });
    this.doc.save();
    this.doc.lineWidth(0.8).strokeColor(LINE).rect(X0, top, CONTENT_W, 16).stroke();
    this.doc.restore();
    this.y = top + 16 + GAP;
  }

  private summary(): void {
    const c = this.c;
    const validated = (language: Language) =>
      `${PDF_LABELS.validatedBy[language]}${PDF_LABELS.colon[language]}${c.validatedBy}`;
    const validation: Block[] = [
      ...this.bilingual(validated('en'), this.second ? validated(this.second) : null, S.valueBold, S.value2),
      { kind: 'label', key: 'issuingAuthority' },
      { kind: 'text', text: c.issuingAuthority.name, style: S.value },
    ];
    this.row([
      { label: 'parcelCount', blocks: [{ kind: 'text', text: String(c.parcelCount), style: S.valueBold }], share: 1 },
      { label: 'validation', blocks: validation, share: 3 },
    ]);
  }

  // ---- every page ------------------------------------------------------------------------------

  private pageFurniture(): void {
    const range = this.doc.bufferedPageRange();
    const count = range.count;
    const stamp = this.stamp();
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(range.start + i);
      // Header: title on the left, certificate number on the right.
      const titleW = CONTENT_W - 190;
      this.t.drawLine(this.en('title'), X0, 40, { size: 15, weight: 700, color: INK });
      const secondTitle = this.tr('title');
      if (secondTitle) this.t.drawLine(secondTitle, X0, 62, { size: 11.5, weight: 700, color: MUTED }, 'left', titleW);
      // On the right: the certificate number, and under it the security code to verify it by typing.
      const numberX = PAGE_W - MARGIN - 190;
      const rightLabel = (key: PdfLabelKey, top: number): number => {
        let ly = top;
        for (const line of this.labelLayout(key, 190)) {
          const text = line.sameLine !== undefined ? `${line.text}${baseDirection(line.sameLine) === 'rtl' ? ' / ' + line.sameLine : line.sameLine}` : line.text;
          this.t.drawLine(text, numberX, ly, line.style, 'right', 190);
          ly += this.t.lineHeight(line.style);
        }
        return ly;
      };
      const numberBaseline = rightLabel('certificateNo', 30) + 13;
      this.t.drawLine(this.c.number, numberX, numberBaseline, { size: 17, weight: 700, color: INK }, 'right', 190);
      const codeBaseline = rightLabel('securityCode', numberBaseline + 12) + 9;
      this.t.drawLine(this.securityCode, numberX, codeBaseline, { size: 12, weight: 700, color: INK }, 'right', 190);
      this.doc.save();
      this.doc.lineWidth(1.4).strokeColor(INK).moveTo(X0, HEADER_BOTTOM - 6).lineTo(X0 + CONTENT_W, HEADER_BOTTOM - 6).stroke();
      this.doc.lineWidth(0.5).moveTo(X0, HEADER_BOTTOM - 3.5).lineTo(X0 + CONTENT_W, HEADER_BOTTOM - 3.5).stroke();
      this.doc.restore();

      // Footer: certificate number and page n of m, in both languages.
      const pageOf = (language: Language) =>
        PDF_LABELS.pageOf[language].replace('{n}', String(i + 1)).replace('{m}', String(count));
      this.doc.save();
      this.doc.lineWidth(0.5).strokeColor(LINE).moveTo(X0, FOOTER_TOP + 4).lineTo(X0 + CONTENT_W, FOOTER_TOP + 4).stroke();
      this.doc.restore();
      this.t.drawLine(`${this.en('certificateNo')} ${this.c.number}`, X0, FOOTER_TOP + 16, { size: 8, weight: 700, color: INK });
      this.t.drawLine(pageOf('en'), X0, FOOTER_TOP + 16, { size: 8, weight: 400, color: INK }, 'right', CONTENT_W);
      if (this.second) {
        this.t.drawLine(`${this.tr('certificateNo')} ${this.c.number}`, X0, FOOTER_TOP + 27, S.small2, 'left', CONTENT_W / 2);
        this.t.drawLine(pageOf(this.second), X0, FOOTER_TOP + 27, S.small2, 'right', CONTENT_W);
      }

      if (stamp) this.drawStamp(stamp.word, stamp.notice);
    }
  }

  /** A red banner under the header and a large diagonal word across the page. */
  private drawStamp(word: PdfLabelKey, notice: PdfLabelKey): void {
    const red = '#c0161d';
    const top = HEADER_BOTTOM;
    this.doc.save();
    this.doc.rect(X0, top, CONTENT_W, 22).fill(red);
    this.doc.restore();
    const noticeText = (language: Language) => `${PDF_LABELS[word][language]} — ${PDF_LABELS[notice][language]}`;
    const white = { size: 8.5, weight: 700 as const, color: '#ffffff' };
    if (this.second) {
      this.t.drawLine(noticeText('en'), X0 + PAD, top + 9, white, 'left', CONTENT_W - 2 * PAD);
      this.t.drawLine(noticeText(this.second), X0 + PAD, top + 19, { ...white, weight: 400 }, 'auto', CONTENT_W - 2 * PAD);
    } else {
      this.t.drawLine(noticeText('en'), X0 + PAD, top + 14.5, white, 'left', CONTENT_W - 2 * PAD);
    }
    const big = this.second && PDF_LABELS[word][this.second] !== this.en(word) ? [this.en(word), this.tr(word)!] : [this.en(word)];
    const cx = PAGE_W / 2;
    const cy = PAGE_H / 2;
    const angle = (Math.atan2(PAGE_H, PAGE_W) * 180) / Math.PI;
    this.doc.save();
    this.doc.rotate(-angle, { origin: [cx, cy] });
    this.doc.fillOpacity(0.22);
    big.forEach((text, i) => {
      const unit = this.t.width(text, { size: 1, weight: 700 });
      const size = Math.min(i === 0 ? 130 : 70, (i === 0 ? 620 : 520) / unit);
      const baseline = i === 0 ? cy + size * 0.35 - (big.length > 1 ? 30 : 0) : cy + 30 + size * 0.8;
      this.t.drawLine(text, cx - 400, baseline, { size, weight: 700, color: red }, 'center', 800);
    });
    this.doc.restore();
  }

  render(): void {
    this.statement();
    this.topBlock();
    this.details();
    this.parcels();
    this.summary();
    this.pageFurniture();
  }
}

/**
 * The link printed in the QR: the public verification page with the seal as `qr` parameter.
 *
 * @example verificationLink('https://kp.example.org/verify', 'KPC1:6BF…') // 'https://kp.example.org/verify?qr=KPC1%3A6BF…'
 */
export function verificationLink(verifyUrl: string, seal: string): string {
  return `${verifyUrl}?qr=${encodeURIComponent(seal)}`;
}

/**
 * The same link as QR segments: the address in byte mode, the percent-encoded seal in
 * alphanumeric mode. Base45 percent-encoded with upper-case hex stays inside the alphanumeric set
 * (`0-9 A-Z % * - .`), at 5.5 bits a character instead of 8, which keeps the symbol small.
 */
export function verificationQrSegments(verifyUrl: string, seal: string): QRCodeSegment[] {
  const encoded = encodeURIComponent(seal);
  const prefix: QRCodeSegment = { data: Buffer.from(`${verifyUrl}?qr=`, 'utf8'), mode: 'byte' };
  return /^[0-9A-Z $%*+\-./:]*$/.test(encoded) ? [prefix, { data: encoded, mode: 'alphanumeric' }] : [prefix, { data: Buffer.from(encoded, 'utf8'), mode: 'byte' }];
}

/**
 * Draws a vector QR code (error correction M) of `size` points including a 4-module quiet zone.
 * Dark modules are merged into horizontal runs and filled as one path, so there are no seams and
 * no raster image.
 */
export function drawQr(doc: Doc, text: string | QRCodeSegment[], x: number, y: number, size: number): number {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const m = size / (n + 8);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!data[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && data[r * n + c]) c++;
      doc.rect(x + (4 + start) * m, y + (4 + r) * m, (c - start) * m, m);
    }
  }
  doc.fill('#000000');
  doc.restore();
  return qr.version;
}

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const content = CertificateContentSchema.parse(input.content);
  const issued = new Date(`${content.issueDate}T00:00:00Z`);
  // A custom document-information entry: read back by extractSealFromFile (verification/extract-seal.ts).
  const info: PDFKit.DocumentInfo & { KPCSeal: string } = {
    Title: `Kimberley Process Certificate ${content.number}`,
    Subject: 'Kimberley Process Certification Scheme certificate',
    Creator: 'Kimberlite',
    Producer: 'Kimberlite',
    ...(Number.isNaN(issued.getTime()) ? {} : { CreationDate: issued, ModDate: issued }),
    KPCSeal: input.seal,
  };
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    compress: true,
    info,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    new CertificatePdf(doc, content, input).render();
  } finally {
    doc.end();
  }
  return done;
}
