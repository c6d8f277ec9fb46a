import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { access } from '../domain/access.ts';
import { formatHundredths } from '../domain/amounts.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor, today } from '../http/guards.ts';
import { errorResponses, IdSchema, ParticipantCodeSchema } from '../http/schemas.ts';
import { participantExists } from '../participants/participant-repository.ts';
import { allEntriesOf, asLedgerEntry, entriesInForceOf, entryContext, findSite, internalControlsOf, operatorNames, siteRows, toEntryDto, toSiteDto } from './custody-repository.ts';
import { entriesInForce, stocks } from './ledger.ts';
import { registerSite, setInternalControls, siteDto, suspendSite, updateSite } from './manage-sites.ts';
import { correctEntry, recordEntry } from './record-entry.ts';
import {
  CustodyCorrectionSchema,
  CustodyEntryDraftSchema,
  CustodyEntrySchema,
  CustodyListQuerySchema,
  InternalControlsChangeSchema,
  InternalControlsSchema,
  SiteDraftSchema,
  SiteSchema,
  SiteUpdateSchema,
  StockLineSchema,
  SuspendSiteSchema,
} from './schemas.ts';

const codeParams = z.object({ code: ParticipantCodeSchema });
const idParams = z.object({ id: IdSchema });

export async function custodyRoutes(app: App, deps: Deps): Promise<void> {
  const readable = async (actor: ReturnType<typeof requireActor>, code: string, may: (actor: ReturnType<typeof requireActor>, code: string) => boolean) => {
    if (!may(actor, code) || !(await participantExists(deps.db, code))) throw new AppError('NOT_FOUND');
  };

  app.get(
    '/api/participants/:code/internal-controls',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Whether the participant’s certificates draw on recorded stock (any signed-in official)',
        params: codeParams,
        response: { 200: InternalControlsSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      if (!(await participantExists(deps.db, request.params.code))) throw new AppError('NOT_FOUND');
      return internalControlsOf(deps.db, request.params.code);
    },
  );

  app.put(
    '/api/participants/:code/internal-controls',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Turn internal controls on or off (participant administrator)',
        params: codeParams,
        body: InternalControlsChangeSchema,
        response: { 200: InternalControlsSchema, ...errorResponses },
      },
    },
    async (request) => setInternalControls({ actor: requireActor(request), participantCode: request.params.code, enabled: request.body.enabled }, deps),
  );

  app.get(
    '/api/participants/:code/sites',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Licensed mines and mining sites (the participant’s officials; KP Chair and WGM)',
        params: codeParams,
        response: { 200: z.array(SiteSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await readable(actor, request.params.code, access.readOperators);
      const rows = await siteRows(deps.db, request.params.code);
      const names = await operatorNames(deps.db, request.params.code);
      return rows.map((row) => toSiteDto(row, today(deps), row.holderOperatorId ? (names.get(row.holderOperatorId)?.name ?? null) : null));
    },
  );

  app.post(
    '/api/participants/:code/sites',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'License a mine or mining site (mines officer, exporting officer or participant administrator)',
        params: codeParams,
        body: SiteDraftSchema,
        response: { 201: SiteSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await registerSite({ actor: requireActor(request), participantCode: request.params.code, draft: request.body }, deps)),
  );

  app.get('/api/sites/:id', { schema: { tags: ['internal controls'], params: idParams, response: { 200: SiteSchema, ...errorResponses } } }, async (request) => {
    const actor = requireActor(request);
    const row = await findSite(deps.db, request.params.id);
    if (!row || !access.readOperators(actor, row.participantCode)) throw new AppError('NOT_FOUND');
    return siteDto(deps.db, row, today(deps));
  });

  app.patch(
    '/api/sites/:id',
    { schema: { tags: ['internal controls'], params: idParams, body: SiteUpdateSchema, response: { 200: SiteSchema, ...errorResponses } } },
    async (request) => updateSite({ actor: requireActor(request), siteId: request.params.id, update: request.body }, deps),
  );

  app.post(
    '/api/sites/:id/suspend',
    {
      schema: { tags: ['internal controls'], summary: 'Suspend a site’s licence', params: idParams, body: SuspendSiteSchema, response: { 200: SiteSchema, ...errorResponses } },
    },
    async (request) => suspendSite({ actor: requireActor(request), siteId: request.params.id, reason: request.body.reason }, deps),
  );

  app.get(
    '/api/participants/:code/custody/entries',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'The custody ledger: production, sales, transfers and exports, corrections included (the participant’s own officials)',
        params: codeParams,
        querystring: CustodyListQuerySchema,
        response: { 200: z.array(CustodyEntrySchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code } = request.params;
      await readable(actor, code, access.readCustody);
      const { month, operatorId, siteId } = request.query;
      const rows = await allEntriesOf(deps.db, code, { month, siteId, operatorId });
      const context = await entryContext(deps.db, code, rows);
      return rows.map((row) => toEntryDto(row, context));
    },
  );

  app.post(
    '/api/participants/:code/custody/entries',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Record production at a site, a sale or a transfer (refused above the giver’s recorded stock)',
        description: 'With `clientRef`, an entry queued on a device and synced twice is stored once (200 the second time).',
        params: codeParams,
        body: CustodyEntryDraftSchema,
        response: { 200: CustodyEntrySchema, 201: CustodyEntrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { entry, replayed } = await recordEntry({ actor: requireActor(request), participantCode: request.params.code, draft: request.body }, deps);
      return reply.code(replayed ? 200 : 201).send(entry);
    },
  );

  app.post(
    '/api/custody/entries/:id/correct',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Correct or cancel an entry (a new entry supersedes it; refused when a stock would go negative, which raises an anomaly case)',
        params: idParams,
        body: CustodyCorrectionSchema,
        response: { 200: CustodyEntrySchema, 201: CustodyEntrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { entry, replayed } = await correctEntry({ actor: requireActor(request), entryId: request.params.id, correction: request.body }, deps);
      return reply.code(replayed ? 200 : 201).send(entry);
    },
  );

  app.get(
    '/api/participants/:code/custody/stock',
    {
      schema: {
        tags: ['internal controls'],
        summary: 'Each actor’s recorded stock per origin site, today',
        params: codeParams,
        querystring: z.object({ operatorId: z.uuid().optional() }).strict(),
        response: { 200: z.array(StockLineSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { code } = request.params;
      await readable(actor, code, access.readCustody);
      const inForce = entriesInForce((await entriesInForceOf(deps.db, code)).map(asLedgerEntry));
      const names = await operatorNames(deps.db, code);
      const sites = new Map((await siteRows(deps.db, code)).map((row) => [row.id, row]));
      return [...stocks(inForce).values()]
        .filter((line) => !request.query.operatorId || line.operatorId === request.query.operatorId)
        .map((line) => ({
          operatorId: line.operatorId,
          operatorName: names.get(line.operatorId)?.name ?? line.operatorId,
          licenceNumber: names.get(line.operatorId)?.licenceNumber ?? '',
          siteId: line.siteId,
          siteName: sites.get(line.siteId)?.name ?? line.siteId,
          carats: formatHundredths(line.carats),
        }))
        .sort((a, b) => a.operatorName.localeCompare(b.operatorName) || a.siteName.localeCompare(b.siteName));
    },
  );
}
