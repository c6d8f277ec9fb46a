import type { TestContext } from './test-database.ts';
import { loginAs } from './test-database.ts';

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Calls the API in process as demo accounts, signing each in once. Moving the clock with `at`
 * signs everyone out again, since sessions last hours. `context` is read at each call, so the
 * client can be made before `beforeAll` creates the app.
 *
 * @example
 * const { call, at } = apiClient(() => ctx);
 * at('2026-04-20T10:00:00Z');
 * await call('POST', '/api/decisions', 'chair@demo.test', draft);
 */
export function apiClient(context: () => TestContext) {
  const cookies: Record<string, string> = {};
  const as = async (email: string) => (cookies[email] ??= await loginAs(context().app, email));
  const call = async (method: Method, url: string, email: string | null, payload?: unknown) =>
    context().app.inject({ method, url, headers: email ? { cookie: await as(email) } : {}, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });
  const at = (instant: string | Date) => {
    const date = new Date(instant);
    context().deps.now = () => date;
    for (const email of Object.keys(cookies)) delete cookies[email];
  };
  return { as, call, at };
}
