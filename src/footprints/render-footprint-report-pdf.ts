/**
 * The printable footprint report of a certificate (A4): for every parcel profile, the declared
 * origin's footprint and the parcel drawn over each other (share of stones per size class), the
 * verdict with the numbers behind it, and the most similar footprints of the library. Labels in
 * the reader's language (src/i18n/locales, `footprintReport.*`); fonts as on the certificate PDF
 * (Noto, all six languages).
 */
import PDFDocument from 'pdfkit';
import { PdfText, type TextStyle } from '../certificates/pdf/text.ts';
import type { Language } from '../i18n/languages.ts';
import { translate } from '../i18n/translate.ts';
import type { CertificateFootprints, ComparisonResult } from './schemas.ts';

type Doc = InstanceType<typeof PDFDocument>;

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 40;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const BOTTOM = PAGE_H - 50;
const CHART_H = 120;
const FOOTPRINT_COLOUR = '#9aa5b1';
const PARCEL_COLOUR = '#1c7ed6';
const INCONSISTENT_COLOUR = '#c92a2a';

const S = {
  title: { size: 15, weight: 700, color: '#111111' },
  heading: { size: 11, weight: 700, color: '#111111' },
  text: { size: 9, weight: 400, color: '#111111' },
  bold: { size: 9, weight: 700, color: '#111111' },
  small: { size: 7, weight: 400, color: '#3d4650' },
} satisfies Record<string, TextStyle>;

function classLabel(minCarats: number, maxCarats: number | null): string {
  const f = (value: number) => (value >= 1 ? value.toFixed(value >= 10 ? 0 : 1) : value.toPrecision(2));
  if (minCarats === 0 && maxCarats !== null) return `<${f(maxCarats)}`;
  if (maxCarats === null) return `>${f(minCarats)}`;
  return f(minCarats);
}

class FootprintReport {
  private readonly t: PdfText;
  private y = MARGIN;

  constructor(
    private readonly doc: Doc,
    private readonly language: Language,
  ) {
    this.t = new PdfText(doc);
  }

  private label(key: string, params: Record<string, string | number> = {}): string {
    return translate(this.language, `footprintReport.${key}`, params);
  }

  private number(value: number, digits = 3): string {
    return new Intl.NumberFormat(this.language, { maximumSignificantDigits: digits }).format(value);
  }

  /** "= 0.032", or "< 0.0001" for the p-values that underflow to 0 with thousands of stones. */
  private pValue(value: number): string {
    return value < 0.0001 ? `< ${this.number(0.0001)}` : `= ${this.number(value, 2)}`;
  }

  private line(text: string, style: TextStyle, gap = 4): void {
    this.ensure(style.size + gap);
    this.t.drawLine(text, MARGIN, this.y + style.size, style, 'auto', CONTENT_W);
    this.y += style.size + gap;
  }

  private ensure(height: number): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = MARGIN;
  }

  render(report: CertificateFootprints, generatedAt: string): void {
    this.line(this.label('title', { number: report.certificateNumber }), S.title, 8);
    this.line(this.label('origin', { countries: report.originCountries.join(', ') }), S.text);
    this.line(this.label('generated', { at: generatedAt }), S.small);
    const signed = report.signedProfiles;
    if (signed.state !== 'not_signed') {
      this.line(this.label(signed.state === 'intact' ? 'signedIntact' : 'signedAltered', { parcels: signed.parcels.join(', '), digest: signed.digest ?? '' }), signed.state === 'intact' ? S.small : S.bold);
    }
    this.line(this.label('method'), S.small, 10);
    let any = false;
    for (const parcel of report.parcels) {
      for (const comparison of parcel.comparisons) {
        any = true;
        this.ensure(CHART_H + 150);
        this.line(
          this.label('parcel', { position: parcel.position, hsCode: parcel.hsCode, carats: parcel.carats, source: this.label(`source_${comparison.profile.source}`) }),
          S.heading,
          6,
        );
        const declared = comparison.declaredOrigin;
        if (!declared) {
          this.line(this.label('noFootprint'), S.text, 8);
        } else {
          this.describe(declared);
          this.chart(declared);
        }
        this.line(this.label('ranking'), S.bold);
        for (const ranked of comparison.ranking) {
          this.line(
            `${ranked.rank}. ${ranked.participantCode} — ${ranked.region} (${ranked.depositType}, v${ranked.version})${ranked.synthetic ? ` — ${this.label('synthetic')}` : ''}: ${this.label(`verdict_${ranked.verdict}`)}, D = ${this.number(ranked.divergence)}`,
            S.text,
            2,
          );
        }
        this.y += 10;
      }
    }
    if (!any) this.line(this.label('noProfiles'), S.text);
  }

  private describe(result: ComparisonResult): void {
    this.line(
      `${this.label('declared')}: ${result.participantCode} — ${result.region} (${result.depositType}, v${result.version})${result.synthetic ? ` — ${this.label('synthetic')}` : ''}`,
      S.text,
    );
    const colour = result.verdict === 'inconsistent' ? INCONSISTENT_COLOUR : '#111111';
    this.line(`${this.label('verdict')}: ${this.label(`verdict_${result.verdict}`)}`, { ...S.bold, color: colour });
    const test = (name: string, value: ComparisonResult['gTest']) =>
      value ? `${name} = ${this.number(value.statistic)} (df ${value.degreesOfFreedom}, p ${this.pValue(value.pValue)})` : `${name}: —`;
    this.line(`${this.label('stones', { parcel: result.parcelStones, footprint: result.footprintStones })}; ${this.label('classes', { count: result.testedClasses })}`, S.text, 2);
    this.line(`${test('G', result.gTest)}; ${test('Chi²', result.chiSquare)}`, S.text, 2);
    this.line(`KS = ${this.number(result.kolmogorovSmirnov)}; Hellinger = ${this.number(result.hellinger)}; D = ${this.number(result.divergence)}`, S.text, 6);
  }

  /** Bars: the footprint's share of stones per class (grey) and the parcel's (blue), side by side. */
  private chart(result: ComparisonResult): void {
    const grid = result.grid;
    const parcelTotal = grid.reduce((sum, c) => sum + c.parcelStones, 0) || 1;
    const expectedTotal = grid.reduce((sum, c) => sum + c.expectedStones, 0) || 1;
    const shares = grid.map((c) => ({ parcel: c.parcelStones / parcelTotal, footprint: c.expectedStones / expectedTotal }));
    const top = Math.max(0.01, ...shares.map((s) => Math.max(s.parcel, s.footprint)));
    this.ensure(CHART_H + 40);
    const x0 = MARGIN + 24;
    const width = CONTENT_W - 24;
    const base = this.y + CHART_H;
    const slot = width / grid.length;
    const bar = Math.max(1, slot * 0.38);
    this.doc.save().lineWidth(0.5).strokeColor('#4a5560').moveTo(x0, this.y).lineTo(x0, base).lineTo(x0 + width, base).stroke().restore();
    this.t.drawLine(`${this.number(top * 100, 2)} %`, MARGIN, this.y + 7, S.small);
    shares.forEach((share, index) => {
      const x = x0 + index * slot + slot * 0.1;
      const hf = (share.footprint / top) * CHART_H;
      const hp = (share.parcel / top) * CHART_H;
      this.doc.rect(x, base - hf, bar, hf).fill(FOOTPRINT_COLOUR);
      this.doc.rect(x + bar, base - hp, bar, hp).fill(PARCEL_COLOUR);
      if (grid.length <= 14 || index % 2 === 0) this.t.drawLine(classLabel(grid[index].minCarats, grid[index].maxCarats), x0 + index * slot, base + 9, S.small, 'center', slot * (grid.length <= 14 ? 1 : 2));
    });
    this.y = base + 14;
    this.doc.rect(MARGIN, this.y + 2, 8, 6).fill(FOOTPRINT_COLOUR);
    this.t.drawLine(this.label('legendFootprint'), MARGIN + 12, this.y + 8, S.small);
    this.doc.rect(MARGIN + 200, this.y + 2, 8, 6).fill(PARCEL_COLOUR);
    this.t.drawLine(this.label('legendParcel'), MARGIN + 212, this.y + 8, S.small);
    this.y += 18;
  }
}

/** Renders the report; `generatedAt` is printed as given (an ISO timestamp). */
export async function renderFootprintReportPdf({ report, language, generatedAt }: { report: CertificateFootprints; language: Language; generatedAt: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, compress: true, info: { Title: `Footprint report ${report.certificateNumber}`, Creator: 'Kimberlite', Producer: 'Kimberlite' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    new FootprintReport(doc, language).render(report, generatedAt);
  } finally {
    doc.end();
  }
  return done;
}
