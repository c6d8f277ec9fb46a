import type { ReactNode } from 'react';

const COLOUR = { done: '#14532d', awaited: '#5c4400' };

/**
 * A line that screen readers announce (role=status): what an action did (`done`, green), or what
 * is still awaited from the user (`awaited`, amber).
 * @example {notice && <Notice testId="decision-notice">{t('decisions.notice.recorded')}</Notice>}
 */
export function Notice({ tone = 'done', testId, children }: { tone?: keyof typeof COLOUR; testId?: string; children: ReactNode }) {
  return (
    <div role="status" style={{ color: COLOUR[tone], fontWeight: 600 }} data-testid={testId}>
      {children}
    </div>
  );
}
