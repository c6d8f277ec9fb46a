import { AppError } from '../domain/errors.ts';

/**
 * The path of the first string holding a NUL character (U+0000) in a parsed body, query or set of
 * path parameters, or null. PostgreSQL cannot store NUL in text, so such a value would fail deep
 * in a write; no KP record has a use for it. Walks with its own stack: a hostile body may nest
 * thousands of levels deep.
 *
 * @example
 * nulCharacterPath({ name: 'Serowe\u0000' }); // ['name']
 */
export function nulCharacterPath(value: unknown): string[] | null {
  // Each entry links to its parent, so a path is only spelt out for the field found.
  interface Step { value: unknown; key: string | null; parent: Step | null }
  const pathOf = (step: Step | null, last?: string): string[] => {
    const path = last === undefined ? [] : [last];
    for (let at = step; at && at.key !== null; at = at.parent) path.unshift(at.key);
    return path;
  };
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (typeof step.value === 'string') {
      if (step.value.includes('\u0000')) return pathOf(step);
    } else if (step.value !== null && typeof step.value === 'object') {
      for (const [key, child] of Object.entries(step.value)) {
        if (key.includes('\u0000')) return pathOf(step, key);
        stack.push({ value: child, key, parent: step });
      }
    }
  }
  return null;
}

/** Refuses a request whose body, query or path parameters hold a NUL character, naming the field. */
export function refuseNulCharacters(request: { body?: unknown; query?: unknown; params?: unknown }): void {
  for (const where of ['body', 'querystring', 'params'] as const) {
    const path = nulCharacterPath(where === 'body' ? request.body : where === 'querystring' ? request.query : request.params);
    if (path) throw new AppError('VALIDATION_FAILED', {}, [{ path, where, message: 'contains a NUL character (U+0000)' }]);
  }
}
