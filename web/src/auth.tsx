import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthenticatedHandler, type Me } from './api.ts';
import i18n, { browserLanguage, isLanguage, setLanguage, storedLanguage } from './i18n.ts';

interface Session {
  me: Me | null;
  /** False until the first /api/auth/me answer. */
  ready: boolean;
  /** True after an explicit sign-out (not an expired session): the next sign-in starts at home. */
  signedOut: boolean;
  login(email: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** With no remembered choice and a browser language Kimberlite does not speak, use the account's. */
function adoptAccountLanguage(me: Me): void {
  if (storedLanguage() === null && browserLanguage() === null && isLanguage(me.language)) {
    void setLanguage(me.language, { remember: false });
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [signedOut, setSignedOut] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const current = await api<Me>('/api/auth/me');
      setMe(current);
      adoptAccountLanguage(current);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) setMe(null);
    } finally {
      setReady(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
    setUnauthenticatedHandler(() => setMe(null));
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  // the participant's name in the header comes from the server in the UI language
  const signedIn = me !== null;
  useEffect(() => {
    if (!signedIn) return;
    const onChange = () => void refresh();
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, [signedIn, refresh]);

  const login = useCallback(async (email: string, password: string) => {
    const current = await api<Me>('/api/auth/login', { method: 'POST', body: { email, password } });
    setMe(current);
    setSignedOut(false);
    adoptAccountLanguage(current);
    return current;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } finally {
      // The registers remembered for offline field use (names, licence numbers) leave the device with
      // the session; entries still waiting to send stay, since they are the only copy.
      forgetRememberedRegisters();
      setSignedOut(true);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, ready, signedOut, login, logout, refresh }), [me, ready, signedOut, login, logout, refresh]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in account; only for pages behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

function forgetRememberedRegisters(): void {
  try {
    const keys = Array.from({ length: window.localStorage.length }, (_, index) => window.localStorage.key(index));
    for (const key of keys) if (key?.startsWith('kimberlite.custody-register.')) window.localStorage.removeItem(key);
  } catch {
    // storage unavailable: nothing was remembered
  }
}
