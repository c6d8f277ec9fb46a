import { describe, expect, it } from 'vitest';
import { missingGlyphs } from '../certificates/pdf/fonts.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import { MESSAGES } from '../i18n/translate.ts';
import { renderFootprintReportPdf } from './render-footprint-report-pdf.ts';
import type { CertificateFootprints } from './schemas.ts';

const report: CertificateFootprints = {
  certificateNumber: 'BW-2026-000003',
  originCountries: ['BW'],
  profileRequired: false,
  signedProfiles: { state: 'altered', parcels: [1], digest: 'q0lWbZTkH3e8XJzE6wQ1u4r6cW4Yv2cX0m9N8pA7sDk' },
  state: 'inconsistent',
  parcels: [{ position: 1, hsCode: '7102.31', carats: '1319.32', state: 'no_profile', comparisons: [] }],
};

describe('the footprint report PDF', () => {
  it('has a glyph for every character of its labels in all six languages', () => {
    for (const language of LANGUAGES) {
      const labels = Object.values((MESSAGES[language] as unknown as { footprintReport: Record<string, string> }).footprintReport).join(' ');
      expect({ language, missing: missingGlyphs(labels) }).toEqual({ language, missing: [] });
      expect({ language, missing: missingGlyphs(labels, 700) }).toEqual({ language, missing: [] });
    }
  });

  it('has a glyph for the symbols the report prints beside its labels', () => {
    // class bounds (>1.2, <0.014: Noto Sans has no ≥), separators, Chi², the p-value floor
    expect(missingGlyphs('> < — Chi² G KS Hellinger D = p < 0.0001 %')).toEqual([]);
  });

  it('renders a PDF in Arabic and Chinese', async () => {
    for (const language of ['ar', 'zh'] as const) {
      const pdf = await renderFootprintReportPdf({ report, language, generatedAt: '2026-12-01T00:00:00Z' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });
});
