import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { DEMO_PARTICIPANTS, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { allKeys, revokeKey, rotateKey } from '../certificates/key-repository.ts';
import { loadMasterKey } from '../certificates/signing-keys.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { ROLES, type Role } from '../domain/roles.ts';
import { isLanguage, languageFromHeader } from '../i18n/languages.ts';
import { translate } from '../i18n/translate.ts';
import { translatedParams } from '../http/errors.ts';
import { localeProblems } from '../i18n/check-locales.ts';
import { seedRegister } from '../participants/seed-register.ts';
import { startServer } from '../server.ts';
import { backupCommand, restoreCommand } from './backup-command.ts';
import { importCommand } from './import-command.ts';
import { trustListExportCommand } from './trust-list-command.ts';
import { verifyCommand } from './verify-command.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { createUser } from '../users/create-user.ts';

const HELP = `kimberlite — electronic Kimberley Process Certification Scheme

Usage:
  kimberlite serve [--port N] [--host H]   start the server (PGlite in ./data, or DATABASE_URL)
  kimberlite demo [--port N] [--host H]    start in demo mode with demo accounts and data
  kimberlite audit verify                  recompute the audit hash chain; exit 1 on a broken link
  kimberlite users create --email E --name N --roles r1,r2 [--participant XX] [--observer WDC]
                          [--language en] [--machine] [--password-stdin]
  kimberlite keys list                     signing keys with validity and revocation
  kimberlite keys rotate --participant XX  new signing key for a participant's exporting authority (KP for the register key)
  kimberlite keys revoke --kid KID --reason TEXT [--at YYYY-MM-DD]
  kimberlite i18n check                    fail if a UI language lacks a key
  kimberlite verify <file-or-text> [--trust-list file] [--json] [--lang xx] [--at YYYY-MM-DD]
                                           verify a certificate offline (PDF, QR photo, credential JSON or QR text);
                                           exit 0 valid, 1 not valid, 4 cannot be confirmed, 2 unreadable input
  kimberlite trust-list export [--out file]  the signed trust list, for offline verification
  kimberlite import statistics <file.csv|file.xlsx> [--dry-run]
                                           historic production from a KP statistics export; any bad row
                                           and nothing is stored (exit 1, each bad line listed)
  kimberlite backup --out FILE [--passphrase-stdin]
                                           database and master key in one encrypted file (passphrase from
                                           KIMBERLITE_BACKUP_PASSPHRASE or stdin); prints the state sha256
  kimberlite restore FILE [--passphrase-stdin]
                                           into an instance that holds no data yet; prints the state sha256
                                           (docs/backups.md)

Roles: ${ROLES.join(', ')}
Environment: see README "Configuration".`;

const cliLanguage = () => languageFromHeader(process.env.LANG?.replace('_', '-').split('.')[0]) ?? 'en';

function fail(error: unknown): never {
  if (isAppError(error)) {
    console.error(`error ${error.code}: ${translate(cliLanguage(), `errors.${error.code}`, translatedParams(cliLanguage(), error.params))}`);
    if (error.details) console.error(JSON.stringify(error.details, null, 2));
    process.exit(error.code === 'DATA_DIR_LOCKED' ? 3 : 2);
  }
  console.error(error);
  process.exit(1);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const running = await startServer(config);
  const bootMs = Math.round(performance.now() - started);
  const lines = [
    '',
    `Kimberlite is running at ${running.url}  (${running.database.kind}: ${running.database.location}; ready in ${bootMs} ms)`,
    `  API docs: ${running.url}/api/docs   health: ${running.url}/api/health`,
  ];
  if (config.demo) {
    lines.push(
      '',
      `Demo mode. Every demo account uses the password "${DEMO_PASSWORD}":`,
      '  admin@demo.test (system administrator), chair@demo.test (KP Chair), wgs@, wgm@, wgde@demo.test (working groups)',
      '  observer.wdc@demo.test, observer.csc@demo.test (observers)',
      `  for ${DEMO_PARTICIPANTS.join(', ')}: exporter.<code>@, importer.<code>@, stats.<code>@, admin.<code>@demo.test`,
      '  e.g. exporter.bw@demo.test, importer.eu@demo.test, admin.cf@demo.test',
      '  mines.ao@demo.test, mines.bw@demo.test (mines officers: internal controls; Angola runs them in the demo, /custody)',
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: closing Kimberlite…\n`);
    try {
      await running.close();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve' || command === 'demo') {
    const { values } = parseArgs({ args: argv.slice(1), options: { port: { type: 'string' }, host: { type: 'string' } } });
    const config = loadConfig(process.env, {
      ...(command === 'demo' && { demo: true }),
      ...(values.port && { port: Number(values.port) }),
      ...(values.host && { host: values.host }),
    });
    return serve(config);
  }
  if (command === 'audit' && sub === 'verify') {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const result = await verifyAuditChain(database.db);
      if (result.ok) {
        console.log(`audit chain intact: ${result.entries} entries, head #${result.headSeq} ${result.headHash}`);
      } else {
        console.log(`audit chain BROKEN at entry #${result.firstBreak!.seq}: ${result.firstBreak!.reason}`);
        console.log(JSON.stringify(result.firstBreak, null, 2));
        process.exitCode = 1;
      }
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'users' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        participant: { type: 'string' },
        observer: { type: 'string' },
        language: { type: 'string', default: 'en' },
        machine: { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false },
      },
    });
    if (!values.email || !values.name || !values.roles) {
      console.error('users create needs --email, --name and --roles');
      process.exit(2);
    }
    const roles = values.roles.split(',').map((role) => role.trim()) as Role[];
    const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
    if (unknown.length > 0) {
      console.error(`unknown role(s): ${unknown.join(', ')}. Roles: ${ROLES.join(', ')}`);
      process.exit(2);
    }
    if (!isLanguage(values.language)) {
      console.error('--language must be one of en, fr, es, ru, zh, ar');
      process.exit(2);
    }
    let password: string | undefined;
    let generated = false;
    if (!values.machine) {
      if (values['password-stdin']) password = await readStdin();
      else {
        password = randomBytes(12).toString('base64url');
        generated = true;
      }
    }
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await inTransaction(database.db, (tx) => seedRegister(tx));
      const user = await createUser(
        {
          actor: 'cli',
          draft: {
            email: values.email,
            name: values.name,
            kind: values.machine ? 'machine' : 'person',
            roles,
            participantCode: values.participant ?? null,
            observerCode: values.observer ?? null,
            language: values.language,
            password,
          },
        },
        { db: database.db, config, now: () => new Date() },
      );
      console.log(`created ${user.kind} account ${user.email} (${user.roles.join(', ')}${user.participantCode ? ` for ${user.participantCode}` : ''}) id ${user.id}`);
      if (generated) console.log(`initial password: ${password}`);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'keys' && (sub === 'list' || sub === 'rotate' || sub === 'revoke')) {
    const { values } = parseArgs({ args: rest, options: { participant: { type: 'string' }, kid: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string' } } });
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      if (sub === 'list') {
        for (const key of await allKeys(database.db)) {
          const state = key.revokedAt ? `REVOKED ${key.revokedAt.toISOString()} (${key.revocationReason})` : key.validUntil ? `retired ${key.validUntil.toISOString()}` : 'active';
          console.log(`${key.kid.padEnd(28)} ${(key.participantCode ?? 'KP register').padEnd(12)} from ${key.validFrom.toISOString()}  ${state}`);
        }
      } else if (sub === 'rotate') {
        if (!values.participant) fail(new AppError('VALIDATION_FAILED', {}, [{ path: ['--participant'], message: 'required (a participant code, or KP for the register key)' }]));
        const owner = values.participant === 'KP' ? null : values.participant!;
        const key = await inTransaction(database.db, async (tx) => {
          await seedRegister(tx);
          if (owner && !(await participantExists(tx, owner))) throw new AppError('UNKNOWN_PARTICIPANT', { code: owner });
          return rotateKey(tx, { owner, actor: 'cli', masterKey: loadMasterKey(config), now: new Date(), reason: values.reason ?? 'rotation' });
        });
        console.log(`new signing key ${key.kid} for ${owner ?? 'the KP register'}; the previous key stays valid for what it signed`);
      } else {
        if (!values.kid || !values.reason) fail(new AppError('VALIDATION_FAILED', {}, [{ path: ['--kid', '--reason'], message: 'both required' }]));
        const at = values.at ? new Date(`${values.at}T00:00:00Z`) : new Date();
        if (Number.isNaN(at.getTime())) fail(new AppError('VALIDATION_FAILED', {}, [{ path: ['--at'], message: 'YYYY-MM-DD' }]));
        const key = await inTransaction(database.db, (tx) => revokeKey(tx, { kid: values.kid!, actor: 'cli', at, reason: values.reason! }));
        if (!key) fail(new AppError('NOT_FOUND'));
        console.log(`revoked ${key!.kid} from ${at.toISOString()}: ${values.reason}`);
      }
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'verify') {
    // Offline: no database is opened, no server is needed.
    process.exitCode = await verifyCommand(argv.slice(1), {
      env: process.env,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      readStdin: async () => Buffer.from(await readStdin(), 'utf8'),
    });
    return;
  }
  if (command === 'trust-list' && sub === 'export') return trustListExportCommand(rest, loadConfig());
  if (command === 'import') {
    process.exitCode = await importCommand(argv.slice(1), loadConfig(), (line) => console.log(line), (line) => console.error(line));
    return;
  }
  if (command === 'backup' || command === 'restore') {
    const io = { env: process.env, out: (line: string) => console.log(line), readStdin };
    process.exitCode = await (command === 'backup' ? backupCommand : restoreCommand)(argv.slice(1), loadConfig(), io);
    return;
  }
  if (command === 'i18n' && sub === 'check') {
    const problems = localeProblems();
    for (const problem of problems) {
      const where = `${problem.dir}/${problem.language}.json`;
      if (problem.missing.length) console.error(`${where}: missing ${problem.missing.join(', ')}`);
      if (problem.extra.length) console.error(`${where}: not in English ${problem.extra.join(', ')}`);
      if (problem.empty.length) console.error(`${where}: empty ${problem.empty.join(', ')}`);
    }
    if (problems.length > 0) process.exit(1);
    console.log('all six languages have every key');
    return;
  }
  console.log(HELP);
  if (command && command !== 'help' && command !== '--help') process.exit(2);
}

let finished = false;
// A command whose database work never settles (e.g. a query on the outer handle inside a PGlite
// transaction) would otherwise let Node exit quietly with status 0.
process.on('beforeExit', () => {
  if (!finished) {
    console.error('error: the command stopped before finishing; nothing after the last message was done');
    process.exit(1);
  }
});
main(process.argv.slice(2))
  .then(() => {
    finished = true;
  })
  .catch(fail);
