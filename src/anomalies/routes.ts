import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import type { App } from '../http/app.ts';
import { requireActor } from '../http/guards.ts';
import { errorResponses, IdSchema } from '../http/schemas.ts';
import { decidesAnomalies } from './anomaly-access.ts';
import { answerAnomalyCase } from './answer-anomaly-case.ts';
import { closeAnomalyCase } from './close-anomaly-case.ts';
import { escalateAnomalyCase } from './escalate-anomaly-case.ts';
import { getAnomalyCase } from './get-anomaly-case.ts';
import { listAnomalyCases } from './list-anomaly-cases.ts';
import { runAnomalyEngine } from './run-anomaly-engine.ts';
import {
  AnomalyCaseDetailSchema,
  AnomalyCaseListQuerySchema,
  AnomalyCaseSchema,
  AnomalyRunSchema,
  AnswerAnomalyCaseSchema,
  CloseAnomalyCaseSchema,
  EscalateAnomalyCaseSchema,
} from './schemas.ts';

export async function anomalyRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/api/anomalies/run',
    { schema: { tags: ['anomalies'], summary: 'Run every anomaly rule now and raise the cases not raised before (WGS, Chair)', response: { 200: AnomalyRunSchema, ...errorResponses } } },
    async (request) => {
      const actor = requireActor(request);
      if (!decidesAnomalies(actor)) throw new AppError('FORBIDDEN');
      return runAnomalyEngine({ actor }, deps);
    },
  );

  app.get(
    '/api/anomalies/cases',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Anomaly cases (Chair, WGS, WGM: all; a participant’s staff: its own)',
        querystring: AnomalyCaseListQuerySchema,
        response: { 200: z.object({ items: z.array(AnomalyCaseSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listAnomalyCases({ actor: requireActor(request), query: request.query }, deps) }),
  );

  app.get(
    '/api/anomalies/cases/:id',
    { schema: { tags: ['anomalies'], summary: 'One anomaly case with its history', params: z.object({ id: IdSchema }), response: { 200: AnomalyCaseDetailSchema, ...errorResponses } } },
    async (request) => getAnomalyCase({ actor: requireActor(request), id: request.params.id }, deps),
  );

  app.post(
    '/api/anomalies/cases/:id/answer',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Answer the Data Anomaly Questionnaire for a case (the participant’s statistics officer or administrator)',
        params: z.object({ id: IdSchema }),
        body: AnswerAnomalyCaseSchema,
        response: { 200: AnomalyCaseDetailSchema, ...errorResponses },
      },
    },
    async (request) => answerAnomalyCase({ actor: requireActor(request), id: request.params.id, ...request.body }, deps),
  );

  app.post(
    '/api/anomalies/cases/:id/close',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Close a case as explained (WGS, Chair)',
        params: z.object({ id: IdSchema }),
        body: CloseAnomalyCaseSchema,
        response: { 200: AnomalyCaseDetailSchema, ...errorResponses },
      },
    },
    async (request) => closeAnomalyCase({ actor: requireActor(request), id: request.params.id, ...request.body }, deps),
  );

  app.post(
    '/api/anomalies/cases/:id/escalate',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Escalate a case (WGS, Chair)',
        params: z.object({ id: IdSchema }),
        body: EscalateAnomalyCaseSchema,
        response: { 200: AnomalyCaseDetailSchema, ...errorResponses },
      },
    },
    async (request) => escalateAnomalyCase({ actor: requireActor(request), id: request.params.id, ...request.body }, deps),
  );
}
