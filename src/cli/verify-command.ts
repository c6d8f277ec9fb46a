import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isLanguage, languageFromHeader, type Language } from '../i18n/languages.ts';
import { translate } from '../i18n/translate.ts';
import { participantName } from '../participants/country-names.ts';
import { extractSealFromFile, MAX_FILE_BYTES } from '../verification/extract-seal.ts';
import { describeCheck, describeVerdict, formatDay } from '../verification/public-page/describe-result.ts';
import { readTrustListFile, trustListFileIn } from '../verification/trust-list-file.ts';
import { sealTextFrom, trustListSignatureHolds, verifyCertificate, type CheckStatus, type VerifierInput } from '../verification/verifier.ts';

/** Exit codes: offline-valid, not valid, cannot be confirmed, and a usage or input problem. */
export const VERIFY_EXIT = { VALID: 0, INVALID: 1, USAGE: 2, UNKNOWN: 4 } as const satisfies Record<CheckStatus | 'USAGE', number>;

const MARKS: Record<CheckStatus, string> = { VALID: '✓', INVALID: '✗', UNKNOWN: '?' };

export interface VerifyCommandIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<Buffer>;
}

/**
 * `kimberlite verify <file-or-text> [--trust-list file] [--json] [--lang xx] [--at YYYY-MM-DD]`:
 * verifies a certificate fully offline, with no database and no server: the PDF, a photo or scan
 * of the QR code, the credential JSON, a text file with the QR text, or the QR text itself ("-"
 * reads standard input). The trust list comes from --trust-list, KIMBERLITE_TRUST_LIST, or
 * `<data dir>/trust-list.json` that `kimberlite serve` writes, and is refused unless its own
 * signature holds. Returns the exit code.
 *
 * @example kimberlite verify BW-2026-000042.pdf --trust-list trust-list.json --lang fr
 */
export async function verifyCommand(args: string[], io: VerifyCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'trust-list': { type: 'string' }, json: { type: 'boolean', default: false }, lang: { type: 'string' }, at: { type: 'string' } },
    });
  } catch {
    parsed = null;
  }
  const language: Language = isLanguage(parsed?.values.lang) ? parsed.values.lang : (languageFromHeader(io.env.LANG?.replace('_', '-').split('.')[0]) ?? 'en');
  const t = (key: string, params?: Record<string, string>) => translate(language, `verifyPage.${key}`, params);
  const at = parsed?.values.at ? new Date(`${parsed.values.at}T12:00:00Z`) : new Date();
  if (!parsed || parsed.positionals.length !== 1 || Number.isNaN(at.getTime()) || (parsed.values.lang !== undefined && !isLanguage(parsed.values.lang))) {
    io.err(t('cli.usage'));
    return VERIFY_EXIT.USAGE;
  }
  const { values, positionals } = parsed;
  const json = values.json;
  // In --json mode standard output carries the result alone.
  const say = json ? io.err : io.out;

  const trustListPath = values['trust-list'] ?? (io.env.KIMBERLITE_TRUST_LIST || trustListFileIn(loadConfig(io.env).dataDir));
  const read = readTrustListFile(trustListPath);
  if (!read.ok) {
    io.err(t(read.problem === 'missing' ? 'cli.noTrustList' : 'cli.badTrustList', { path: trustListPath }));
    return VERIFY_EXIT.USAGE;
  }
  const { trustList } = read;
  if (!(await trustListSignatureHolds(trustList))) {
    io.err(t('cli.trustListBroken', { path: trustListPath }));
    return VERIFY_EXIT.USAGE;
  }
  say(t('cli.trustListHolds', { path: trustListPath, issuedAt: trustList.issuedAt, kid: trustList.proof.kid }));

  const input = await presented(positionals[0], io);
  if ('problem' in input) {
    io.err(input.problem === 'not_found' ? t('cli.noSuchInput', { input: positionals[0] }) : t('cli.unreadableInput', { input: positionals[0], problem: t(`problems.${input.problem}`) }));
    return VERIFY_EXIT.USAGE;
  }

  const result = await verifyCertificate(input, { trustList, now: at });
  if (json) {
    io.out(JSON.stringify(result, null, 2));
    return VERIFY_EXIT[result.verdict];
  }
  const c = result.certificate;
  if (c) {
    io.out(
      t('cli.certificate', {
        number: c.number,
        issuer: participantName(c.issuingParticipant, language),
        destination: participantName(c.importingParticipant, language),
        issueDate: formatDay(c.issueDate, language),
        expiryDate: formatDay(c.expiryDate, language),
      }),
    );
  }
  const verdict = describeVerdict(result, language);
  io.out('');
  io.out(`${MARKS[result.verdict]} ${t('cli.verdict', { verdict: verdict.title.toUpperCase() })}`);
  io.out(result.verdict === 'VALID' && result.needsNetwork.length > 0 ? t('cli.validOffline') : verdict.text);
  io.out('');
  for (const check of result.checks) {
    const described = describeCheck(check, language);
    io.out(`  ${MARKS[check.status]} ${described.statusText.padEnd(12)} ${described.name}: ${described.reason}`);
  }
  io.out('');
  io.out(t('cli.offline', { issuedAt: trustList.issuedAt }));
  if (result.needsNetwork.length > 0) {
    io.out(t('cli.needsNetwork', { checks: result.needsNetwork.map((check) => translate(language, `verifyPage.checks.${check}`)).join(', ') }));
  }
  return VERIFY_EXIT[result.verdict];
}

/** What to verify: a file (PDF, image, JSON, text), standard input, or the QR text given as the argument. */
async function presented(argument: string, io: VerifyCommandIo): Promise<VerifierInput | { problem: string }> {
  let bytes: Buffer | null = null;
  if (argument === '-') bytes = await io.readStdin();
  else if (fs.existsSync(argument) && fs.statSync(argument).isFile()) {
    if (fs.statSync(argument).size > MAX_FILE_BYTES) return { problem: 'too_large' };
    bytes = fs.readFileSync(argument);
  }
  if (bytes) {
    const found = await extractSealFromFile(bytes, argument);
    if (!found.ok) return { problem: found.reason };
    if (found.source !== 'json') return { text: found.text };
    try {
      return { credential: JSON.parse(found.text) };
    } catch {
      return { text: found.text };
    }
  }
  const text = argument.trim();
  if (text.startsWith('{')) return { text };
  const seal = sealTextFrom(text);
  return seal ? { text: seal } : { problem: 'not_found' };
}
