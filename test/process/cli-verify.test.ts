import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src/certificates/credential.ts';
import { base45Decode, base45Encode, multibaseEncode } from '../../src/certificates/encodings.ts';
import { renderCertificatePdf } from '../../src/certificates/render-certificate-pdf.ts';
import { signBytes } from '../../src/certificates/signing-keys.ts';
import { translate } from '../../src/i18n/translate.ts';

/**
 * `kimberlite verify` as a person runs it on a laptop at a border post: no server, no database,
 * only the trust list file. The certificate is the test vector of docs/certificate-format.md.
 */
const BIN = path.resolve('bin/kimberlite.mjs');
const DOC = fs.readFileSync(path.resolve('docs/certificate-format.md'), 'utf8');
const TRUST_LIST = path.resolve('docs/test-vectors/trust-list.json');
/** The vector was issued on 2026-11-23 and expires on 2027-01-22: verify as on a day in between. */
const AT = ['--at', '2026-12-01'];

function vector(name: string): string {
  const match = new RegExp(`<!-- vector:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  if (!match) throw new Error(`vector ${name} missing`);
  return match[1];
}

let dir = '';
const seal = vector('seal');

/** The same seal with the total carats raised and nothing re-signed: decodes fine, signature fails. */
function tamperedContent(text: string): string {
  const envelope = JSON.parse(inflateRawSync(Buffer.from(base45Decode(text.slice('KPC1:'.length)))).toString('utf8'));
  envelope.p.tc = '5330.45';
  return `KPC1:${base45Encode(deflateRawSync(Buffer.from(JSON.stringify(envelope))))}`;
}

function kimberlite(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _database, KIMBERLITE_TRUST_LIST: _trustList, ...rest } = process.env;
  const run = spawnSync(process.execPath, [BIN, 'verify', ...args], {
    // An empty data directory, and no database URL: verification must not need either.
    env: { ...rest, KIMBERLITE_DATA_DIR: path.join(dir, 'no-data'), LANG: 'en_GB.UTF-8', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimberlite-verify-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kimberlite verify, offline', () => {
  it('verifies the QR text of the documented test vector with the documented trust list', () => {
    const run = kimberlite([seal, '--trust-list', TRUST_LIST, ...AT]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('signature holds');
    expect(run.stdout).toContain('KP-2026-11-01-test01');
    expect(run.stdout).toContain('Certificate BW-2026-000042: Botswana → United Arab Emirates');
    expect(run.stdout).toContain('Verdict: VALID');
    expect(run.stdout).toContain(translate('en', 'verifyPage.reasons.signature_valid'));
    // What it could not check offline, it names.
    expect(run.stdout).toContain('These checks need the online register: Register, Status, Receipt, Fraud reports.');
    expect(fs.existsSync(path.join(dir, 'no-data'))).toBe(false);
  });

  it('prints the VerificationResult with --json', () => {
    const run = kimberlite([seal, '--trust-list', TRUST_LIST, '--json', ...AT]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ verdict: 'VALID', mode: 'offline', form: 'seal', kid: 'BW-2026-11-01-test01', trustListIssuedAt: '2026-11-23T09:00:00.000Z' });
    expect(result.certificate).toEqual(JSON.parse(vector('content')));
    expect(result.needsNetwork).toEqual(['register', 'status', 'receipt', 'fraud_report']);
  });

  it('refuses a tampered copy: exit 1, signature_mismatch', () => {
    const run = kimberlite([tamperedContent(seal), '--trust-list', TRUST_LIST, '--json', ...AT]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.verdict).toBe('INVALID');
    expect(result.checks).toContainEqual({ check: 'signature', status: 'INVALID', reason: 'signature_mismatch' });

    const documented = kimberlite([vector('tampered-seal'), '--trust-list', TRUST_LIST, ...AT]);
    expect(documented.code).toBe(1);
    expect(documented.stdout).toContain('Verdict: NOT VALID');
  });

  it('verifies the certificate PDF, from its document information and, without it, from the QR code on the page', async () => {
    const pdf = await renderCertificatePdf({ content: JSON.parse(vector('content')), seal, verifyUrl: 'https://kp.example.org/verify', secondLanguage: 'fr' });
    const file = path.join(dir, 'BW-2026-000042.pdf');
    fs.writeFileSync(file, pdf);
    const run = kimberlite([file, '--trust-list', TRUST_LIST, ...AT]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Verdict: VALID');

    const scanned = path.join(dir, 'scanned.pdf');
    fs.writeFileSync(scanned, Buffer.from(pdf.toString('latin1').replace('/KPCSeal', '/XXXSeal'), 'latin1'));
    expect(kimberlite([scanned, '--trust-list', TRUST_LIST, ...AT]).code).toBe(0);
  });

  it('verifies the credential JSON file and a text file holding the QR text', () => {
    const credential = path.join(dir, 'credential.json');
    fs.writeFileSync(credential, vector('credential'));
    const run = kimberlite([credential, '--trust-list', TRUST_LIST, '--json', ...AT]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).form).toBe('credential');

    const text = path.join(dir, 'seal.txt');
    fs.writeFileSync(text, `${seal}\n`);
    expect(kimberlite([text, '--trust-list', TRUST_LIST, ...AT]).code).toBe(0);
  });

  it('finds the trust list through KIMBERLITE_TRUST_LIST, or in the data directory', () => {
    expect(kimberlite([seal, ...AT], { KIMBERLITE_TRUST_LIST: TRUST_LIST }).code).toBe(0);
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    fs.copyFileSync(TRUST_LIST, path.join(dataDir, 'trust-list.json'));
    expect(kimberlite([seal, ...AT], { KIMBERLITE_DATA_DIR: dataDir }).code).toBe(0);
  });

  it('refuses a trust list whose own signature fails, and says where to get one when there is none', () => {
    const altered = JSON.parse(fs.readFileSync(TRUST_LIST, 'utf8'));
    altered.participants.BW.push({ status: 'suspended', effectiveOn: '2026-01-01' });
    const file = path.join(dir, 'altered-trust-list.json');
    fs.writeFileSync(file, JSON.stringify(altered));
    const refused = kimberlite([seal, '--trust-list', file, ...AT]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('REFUSED');

    const none = kimberlite([seal, ...AT]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No trust list found');
  });

  it('cannot confirm (exit 4) a certificate whose key was revoked after it was signed', () => {
    // A correctly signed list from the same test register, in which the BW key was revoked two days after issue.
    const { proof: _proof, ...body } = JSON.parse(fs.readFileSync(TRUST_LIST, 'utf8'));
    const bwKey = body.keys.find((key: { kid: string }) => key.kid === 'BW-2026-11-01-test01');
    Object.assign(bwKey, { revokedAt: '2026-11-25T00:00:00.000Z', revocationReason: 'rotation' });
    const registerSeed = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 33));
    const registerKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), registerSeed]), format: 'der', type: 'pkcs8' });
    const signature = multibaseEncode(signBytes(canonicalBytes(body), registerKey));
    const file = path.join(dir, 'revoked-later.json');
    fs.writeFileSync(file, JSON.stringify({ ...body, proof: { kid: body.registerKid, signature } }));
    const run = kimberlite([seal, '--trust-list', file, '--json', ...AT]);
    expect(run.code).toBe(4);
    const result = JSON.parse(run.stdout);
    expect(result.verdict).toBe('UNKNOWN');
    expect(result.checks).toContainEqual({ check: 'signing_key', status: 'UNKNOWN', reason: 'key_revoked_after_issue', params: { revokedOn: '2026-11-25' } });
  });

  it('answers in the language asked for, and exits 2 on input it cannot read', () => {
    const french = kimberlite([seal, '--trust-list', TRUST_LIST, '--lang', 'fr', ...AT]);
    expect(french.code).toBe(0);
    expect(french.stdout).toContain(`Verdict : ${translate('fr', 'verifyPage.verdict.VALID').toUpperCase()}`);
    expect(french.stdout).toContain(translate('fr', 'verifyPage.reasons.signature_valid'));

    const garbage = path.join(dir, 'garbage.bin');
    fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7919) % 256)));
    const unreadable = kimberlite([garbage, '--trust-list', TRUST_LIST]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(translate('en', 'verifyPage.problems.unsupported_file'));

    expect(kimberlite(['no-such-file.pdf', '--trust-list', TRUST_LIST]).code).toBe(2);
    expect(kimberlite([]).code).toBe(2);
  });
});
