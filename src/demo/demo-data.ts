/**
 * Demo participants, their authorities and licensed operators. Authority names are the real
 * designated bodies where well known; addresses and contacts are illustrative, and every
 * operator is fictional (marked "demo").
 */
export const DEMO_PARTICIPANTS = ['BW', 'ZA', 'RU', 'CA', 'AE', 'IN', 'CN', 'US', 'AO', 'CF', 'EU'] as const;

interface DemoAuthority {
  role: 'exporting' | 'importing';
  name: string;
  address: string;
  territoryCode?: string;
}

interface DemoOperator {
  name: string;
  address: string;
  licenceNumber: string;
  licenceTypes: ('miner' | 'dealer' | 'exporter' | 'importer')[];
  validFrom: string;
  validUntil: string;
  suspensionReason?: string;
}

export interface DemoParticipant {
  code: (typeof DEMO_PARTICIPANTS)[number];
  city: string;
  authorities: DemoAuthority[];
  operators: DemoOperator[];
}

const both = (name: string, address: string, territoryCode?: string): DemoAuthority[] => [
  { role: 'exporting', name, address, territoryCode },
  { role: 'importing', name, address, territoryCode },
];

export const DEMO_DATA: DemoParticipant[] = [
  {
    code: 'BW',
    city: 'Gaborone',
    authorities: both('Ministry of Minerals and Energy — Diamond Hub (KP Office)', 'Fairgrounds Office Park, Plot 50676, Gaborone, Botswana'),
    operators: [
      { name: 'Kalahari Rough Trading (Pty) Ltd (demo)', address: 'Plot 113, Gaborone International Finance Park', licenceNumber: 'BW-DL-2024-0117', licenceTypes: ['dealer', 'exporter'], validFrom: '2024-01-01', validUntil: '2027-12-31' },
      { name: 'Orapa Basin Mining Co. (demo)', address: 'Private Bag 1, Orapa', licenceNumber: 'BW-ML-1971-0003', licenceTypes: ['miner', 'exporter'], validFrom: '2020-07-01', validUntil: '2035-06-30' },
      { name: 'Tsodilo Diamond Sales (demo)', address: 'Main Mall, Gaborone', licenceNumber: 'BW-DL-2019-0042', licenceTypes: ['dealer'], validFrom: '2019-03-01', validUntil: '2025-02-28' },
    ],
  },
  {
    code: 'ZA',
    city: 'Johannesburg',
    authorities: both('South African Diamond and Precious Metals Regulator (SADPMR)', '1 Central Place, Jewel City, Johannesburg, South Africa'),
    operators: [
      { name: 'Highveld Diamond Exporters (demo)', address: '22 Fox Street, Johannesburg', licenceNumber: 'ZA-EX-2023-1180', licenceTypes: ['dealer', 'exporter', 'importer'], validFrom: '2023-04-01', validUntil: '2028-03-31' },
      { name: 'Northern Cape Alluvials (demo)', address: 'Barkly West, Northern Cape', licenceNumber: 'ZA-MN-2018-0777', licenceTypes: ['miner'], validFrom: '2018-01-01', validUntil: '2028-12-31', suspensionReason: 'Annual production returns not filed (demo).' },
    ],
  },
  {
    code: 'RU',
    city: 'Moscow',
    authorities: both('Ministry of Finance of the Russian Federation — Gokhran', 'Ilyinka Street 9, Moscow, Russian Federation'),
    operators: [{ name: 'Yakutian Rough Sales JSC (demo)', address: 'Lenina 6, Mirny, Sakha Republic', licenceNumber: 'RU-EX-2022-0031', licenceTypes: ['miner', 'exporter'], validFrom: '2022-01-01', validUntil: '2031-12-31' }],
  },
  {
    code: 'CA',
    city: 'Ottawa',
    authorities: both('Natural Resources Canada — Kimberley Process Office', '580 Booth Street, Ottawa, Ontario, Canada'),
    operators: [{ name: 'Lac de Gras Diamonds Ltd (demo)', address: '5201 50th Avenue, Yellowknife, NT', licenceNumber: 'CA-KP-2021-0088', licenceTypes: ['miner', 'exporter'], validFrom: '2021-05-01', validUntil: '2030-04-30' }],
  },
  {
    code: 'AE',
    city: 'Dubai',
    authorities: both('UAE Kimberley Process Office — Dubai Multi Commodities Centre', 'Almas Tower, Jumeirah Lakes Towers, Dubai, United Arab Emirates'),
    operators: [
      { name: 'Almas Rough Trading DMCC (demo)', address: 'Almas Tower, Office 3204, Dubai', licenceNumber: 'AE-DMCC-2024-5531', licenceTypes: ['dealer', 'exporter', 'importer'], validFrom: '2024-06-01', validUntil: '2026-05-31' },
      { name: 'Gulf Carat Partners DMCC (demo)', address: 'Gold Tower, Dubai', licenceNumber: 'AE-DMCC-2025-6012', licenceTypes: ['importer', 'exporter'], validFrom: '2025-01-01', validUntil: '2027-12-31' },
    ],
  },
  {
    code: 'IN',
    city: 'Mumbai',
    authorities: both('Gem & Jewellery Export Promotion Council (GJEPC) — KP Cell', 'Bharat Diamond Bourse, Bandra-Kurla Complex, Mumbai, India'),
    operators: [{ name: 'Surat Rough Imports Pvt Ltd (demo)', address: 'Varachha Road, Surat, Gujarat', licenceNumber: 'IN-KP-2020-9921', licenceTypes: ['importer', 'exporter'], validFrom: '2020-04-01', validUntil: '2030-03-31' }],
  },
  {
    code: 'CN',
    city: 'Shanghai',
    authorities: both('General Administration of Customs — Shanghai Diamond Exchange KP Office', '1701 Century Avenue, Pudong, Shanghai, China'),
    operators: [{ name: 'Pudong Rough Diamond Co. (demo)', address: 'Century Avenue 1701, Shanghai', licenceNumber: 'CN-SDE-2023-0415', licenceTypes: ['importer', 'exporter'], validFrom: '2023-01-01', validUntil: '2027-12-31' }],
  },
  {
    code: 'US',
    city: 'Washington',
    authorities: [
      { role: 'exporting', name: 'United States Kimberley Process Authority (USKPA)', address: '580 Fifth Avenue, New York, NY, United States' },
      { role: 'importing', name: 'U.S. Customs and Border Protection', address: '1300 Pennsylvania Avenue NW, Washington, DC, United States' },
    ],
    operators: [{ name: 'Fifth Avenue Rough LLC (demo)', address: '580 Fifth Avenue, New York, NY', licenceNumber: 'US-KPA-2022-0190', licenceTypes: ['importer', 'exporter'], validFrom: '2022-01-01', validUntil: '2026-12-31' }],
  },
  {
    code: 'AO',
    city: 'Luanda',
    authorities: both('Ministério dos Recursos Minerais, Petróleo e Gás — Kimberley Process Office', 'Avenida 4 de Fevereiro, Luanda, Angola'),
    operators: [{ name: 'Lunda Norte Diamantes SA (demo)', address: 'Dundo, Lunda Norte', licenceNumber: 'AO-MIREMPET-2021-0071', licenceTypes: ['miner', 'exporter'], validFrom: '2021-01-01', validUntil: '2031-12-31' }],
  },
  {
    code: 'CF',
    city: 'Bangui',
    authorities: both("Bureau d'Évaluation et de Contrôle de Diamant et d'Or (BECDOR)", 'Avenue Barthélemy Boganda, Bangui, République centrafricaine'),
    operators: [
      { name: 'Bureau d’achat Berbérati (démo)', address: 'Berbérati, Mambéré-Kadéï', licenceNumber: 'CF-BA-2025-0012', licenceTypes: ['dealer', 'exporter'], validFrom: '2025-01-01', validUntil: '2026-12-31' },
      { name: 'Coopérative minière de Carnot (démo)', address: 'Carnot, Mambéré-Kadéï', licenceNumber: 'CF-COOP-2024-0104', licenceTypes: ['miner'], validFrom: '2024-01-01', validUntil: '2026-12-31' },
    ],
  },
  {
    code: 'EU',
    city: 'Antwerp',
    authorities: [
      ...both('FPS Economy — Diamond Office (Belgium)', 'Hoveniersstraat 22, 2018 Antwerpen, Belgium', 'BE'),
      { role: 'importing', name: 'Generalzolldirektion — Zentralstelle Kimberley-Prozess (Germany)', address: 'Am Propsthof 78a, Bonn, Germany', territoryCode: 'DE' },
    ],
    operators: [
      { name: 'Hoveniers Rough NV (demo)', address: 'Hoveniersstraat 30, Antwerpen', licenceNumber: 'BE-DIA-2024-3300', licenceTypes: ['dealer', 'importer', 'exporter'], validFrom: '2024-01-01', validUntil: '2028-12-31' },
      { name: 'Schupstraat Diamonds BV (demo)', address: 'Schupstraat 1, Antwerpen', licenceNumber: 'BE-DIA-2022-1187', licenceTypes: ['importer'], validFrom: '2022-01-01', validUntil: '2026-12-31' },
    ],
  },
];

export const DEMO_PASSWORD = 'demo-password';

/**
 * The register lists no current applicant, so the demo adds a fictional one to show admission:
 * Zambia, applying from 1 September 2025. Nothing in KP sources says Zambia applied; the register
 * row and its status event say so in their notes. Only demo mode adds it.
 */
export const DEMO_APPLICANT = {
  code: 'ZM',
  registerName: 'Zambia',
  appliedOn: '2025-09-01',
  note: 'Demo only: a fictional applicant added by the demo seed to show the admission procedure; not KP data.',
} as const;

export interface DemoAccount {
  email: string;
  name: string;
  roles: import('../domain/roles.ts').Role[];
  participantCode?: string;
  observerCode?: string;
  language: 'en' | 'fr' | 'es' | 'ru' | 'zh' | 'ar';
}

/** Language each demo participant's officials work in by default. */
const PARTICIPANT_LANGUAGE: Record<string, DemoAccount['language']> = {
  RU: 'ru', CN: 'zh', AE: 'ar', AO: 'en', CF: 'fr', EU: 'en',
};

/** Participants whose demo has a mines officer: Angola runs internal controls in the demo, Botswana is the tests' target. */
export const MINES_OFFICER_PARTICIPANTS = ['AO', 'BW'] as const;

export function demoAccounts(): DemoAccount[] {
  const kp: DemoAccount[] = [
    { email: 'admin@demo.test', name: 'System Administrator', roles: ['system_admin'], language: 'en' },
    { email: 'chair@demo.test', name: 'KP Chair Secretariat', roles: ['kp_chair'], language: 'en' },
    { email: 'wgs@demo.test', name: 'Working Group on Statistics', roles: ['wgs'], language: 'en' },
    { email: 'wgm@demo.test', name: 'Working Group on Monitoring', roles: ['wgm'], language: 'en' },
    { email: 'wgde@demo.test', name: 'Working Group of Diamond Experts', roles: ['wgde'], language: 'en' },
    { email: 'wgaap@demo.test', name: 'Working Group on Artisanal and Alluvial Production', roles: ['wgaap'], language: 'fr' },
    { email: 'cpc@demo.test', name: 'Committee on Participation and Chairmanship', roles: ['cpc'], language: 'en' },
    // The demo's fictional applicant (DEMO_APPLICANT below): its administrator files the admission application.
    { email: 'admin.zm@demo.test', name: 'Applicant administrator ZM', roles: ['participant_admin'], participantCode: 'ZM', language: 'en' },
    { email: 'observer.wdc@demo.test', name: 'World Diamond Council', roles: ['observer'], observerCode: 'WDC', language: 'en' },
    { email: 'observer.csc@demo.test', name: 'KP Civil Society Coalition', roles: ['observer'], observerCode: 'CSC', language: 'fr' },
    // Internal controls (issue #9): mines officers record production and trade in the field.
    ...MINES_OFFICER_PARTICIPANTS.map((code) => ({
      email: `mines.${code.toLowerCase()}@demo.test`,
      name: `Mines officer ${code}`,
      roles: ['mines_officer'] as DemoAccount['roles'],
      participantCode: code,
      language: PARTICIPANT_LANGUAGE[code] ?? 'en',
    })),
  ];
  const perParticipant = DEMO_PARTICIPANTS.flatMap((code) => {
    const lower = code.toLowerCase();
    const language = PARTICIPANT_LANGUAGE[code] ?? 'en';
    return [
      { email: `exporter.${lower}@demo.test`, name: `Exporting officer ${code}`, roles: ['exporting_officer'], participantCode: code, language },
      { email: `importer.${lower}@demo.test`, name: `Importing officer ${code}`, roles: ['importing_officer'], participantCode: code, language },
      { email: `stats.${lower}@demo.test`, name: `Statistics officer ${code}`, roles: ['statistics_officer'], participantCode: code, language },
      { email: `admin.${lower}@demo.test`, name: `Participant administrator ${code}`, roles: ['participant_admin'], participantCode: code, language },
    ] satisfies DemoAccount[];
  });
  return [...kp, ...perParticipant];
}
