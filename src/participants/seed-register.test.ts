import { describe, expect, it } from 'vitest';
import { participantName } from './country-names.ts';
import { readRegisterFile } from './seed-register.ts';

describe('the KP register file', () => {
  const entries = readRegisterFile();
  const byCode = new Map(entries.map((entry) => [entry.code, entry]));

  it('holds the 60 Participants and the Chinese Taipei trading entity, not counted among them', () => {
    expect(entries).toHaveLength(61);
    expect(entries.filter((entry) => entry.countedAmongParticipants)).toHaveLength(60);
    expect(byCode.get('TW')).toMatchObject({ kind: 'trading_entity', countedAmongParticipants: false });
    expect(byCode.get('EU')).toMatchObject({ kind: 'regional_organisation', countedAmongParticipants: true });
  });

  it('keeps Namibia as NA, not as a missing value', () => {
    expect(byCode.get('NA')?.registerName).toBe('Namibia');
  });

  it('keeps dated status histories and notes', () => {
    expect(byCode.get('CF')?.events.map((event) => [event.status, event.effectiveOn])).toEqual([
      ['participant', '2003-01-01'],
      ['suspended', '2013-05-23'],
      ['zone_restricted', '2015-07-17'],
      ['participant', '2024-11-15'],
    ]);
    expect(byCode.get('VE')?.events.map((event) => event.status)).toEqual(['participant', 'self_suspended', 'participant']);
    expect(byCode.get('CG')?.events.map((event) => event.status)).toEqual(['participant', 'removed', 'participant']);
    expect(byCode.get('CI')?.note).toContain('embargo');
  });

  it('marks admissions no source dates as inferred, with the reason', () => {
    for (const code of ['GH', 'SG', 'BD']) {
      const admission = byCode.get(code)?.events.find((event) => event.status === 'participant');
      expect(admission?.inferred).toBe(true);
      expect(admission?.note).toMatch(/Inferred/);
    }
    expect(byCode.get('BW')?.events.every((event) => !event.inferred)).toBe(true);
  });

  it('names participants in all six languages from the country-name package', () => {
    expect(participantName('ZA', 'fr')).toBe('Afrique du Sud');
    expect(participantName('ZA', 'es')).toMatch(/Sudáfrica/);
    expect(participantName('RU', 'ru')).toMatch(/Росси/);
    expect(participantName('CN', 'zh')).toBe('中国');
    expect(participantName('AE', 'ar')).toMatch(/الإمارات/);
    expect(participantName('TW', 'en')).toBe('Chinese Taipei');
    expect(participantName('EU', 'en')).toBe('European Union');
  });
});
