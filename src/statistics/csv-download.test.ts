import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCsv } from '../domain/csv.ts';
import { columnsOf, toCsv } from './csv-download.ts';

describe('statistics CSV', () => {
  it('quotes commas, quotes and line breaks, and parses back to the same strings', () => {
    const rows = [{ name: 'Korea, Republic of', note: 'the "EU"', lines: 'a\nb', carats: '0.10', rank: 2, missing: null }];
    const csv = toCsv(rows);
    expect(csv.startsWith('\uFEFFname,note,lines,carats,rank,missing\r\n"Korea, Republic of","the ""EU""","a\nb",0.10,2,\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([{ name: 'Korea, Republic of', note: 'the "EU"', lines: 'a\nb', carats: '0.10', rank: '2', missing: '' }]);
  });

  it('turns nested fields into dotted columns, from the rows or from the schema when there are none', () => {
    expect(toCsv([{ year: 2025, exports: { carats: '1.00', certificates: 1 } }])).toBe('\uFEFFyear,exports.carats,exports.certificates\r\n2025,1.00,1\r\n');
    const schema = z.object({ year: z.number(), exports: z.object({ carats: z.string() }).meta({ description: 'x' }) });
    expect(columnsOf(schema)).toEqual(['year', 'exports.carats']);
    expect(toCsv([], columnsOf(schema))).toBe('\uFEFFyear,exports.carats\r\n');
  });
});
