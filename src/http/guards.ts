import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { todayUtc } from '../domain/licence.ts';
import type { Deps } from '../deps.ts';

/** The signed-in actor, or UNAUTHENTICATED. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export function today(deps: Deps): string {
  return todayUtc(deps.now());
}
