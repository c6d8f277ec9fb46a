import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

/** Shows the server's translated message, and per-field details of a validation refusal. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message =
    error instanceof ApiError ? (error.code === 'NETWORK_ERROR' || !error.message ? t('errors.network') : error.message) : t('errors.unexpected');
  const problems = error instanceof ApiError ? error.fieldProblems : [];
  return (
    <Alert color="red" variant="outline" title={title ?? t('errors.title')} role="alert" styles={{ title: { color: '#7f1d1d' }, message: { color: '#3b0d0d' } }}>
      {message}
      {problems.length > 0 && (
        <List size="sm" mt="xs">
          {problems.map((problem, index) => (
            <List.Item key={index}>
              {problem.path.length > 0 ? `${problem.path.join('.')}: ` : ''}
              {problem.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Field errors from a VALIDATION_FAILED refusal, keyed by the first path segment. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const problem of error.fieldProblems) {
      const key = String(problem.path[0] ?? '');
      if (key && !result[key]) result[key] = problem.message;
    }
  }
  return result;
}
