import { useState } from 'react';
import { serverFieldErrors } from './components/ErrorAlert.tsx';

/**
 * The state every form shares while it talks to the server: busy, the refusal to show, and the
 * per-field messages (client-side checks set them with `setErrors`; a server refusal replaces them).
 * @example const { busy, error, errors, setErrors, attempt } = useSubmission();
 *          await attempt(async () => { await api('/api/…', { method: 'POST', body }); onSaved(); });
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function attempt(work: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
      setErrors(serverFieldErrors(caught));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, errors, setErrors, attempt };
}
