import { Anchor, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DecisionStatus, DecisionSummary } from '../api.ts';
import { useCountryNames, type CountryNames } from '../countries.ts';
import { useFormat } from '../format.ts';
import type { Language } from '../i18n.ts';
import { useApi } from '../useApi.ts';
import { ToneBadge, type Tone } from './Badges.tsx';
import { Loaded } from './Page.tsx';

const STATUS_TONE: Record<DecisionStatus, Tone> = { circulating: 'blue', adopted: 'green', blocked: 'red', not_adopted: 'orange', withdrawn: 'gray' };

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  const { t } = useTranslation();
  return (
    <ToneBadge tone={STATUS_TONE[status]} data-testid="decision-status">
      {t(`decisions.statusName.${status}`)}
    </ToneBadge>
  );
}

/** An effect in words, in the UI language: "Suspension of the Central African Republic". */
export function effectInWords(effect: DecisionSummary['effects'][number], names: CountryNames, t: (key: string, options?: Record<string, unknown>) => string): string {
  const zone = effect.type === 'compliant_zone' ? effect.zone.name : undefined;
  return t(`decisions.action.${effect.action}`, { participant: names.name(effect.participantCode), zone, interpolation: { escapeValue: false } });
}

/** The effects of a decision, one per line, or a dash when it changes no participant's status. */
export function EffectsInWords({ effects, names }: { effects: DecisionSummary['effects']; names: CountryNames }) {
  const { t } = useTranslation();
  if (effects.length === 0) return <Text fz="sm">—</Text>;
  return (
    <>
      {effects.map((effect, index) => (
        <Text key={`${effect.type}-${effect.participantCode}-${index}`} fz="sm">
          {effectInWords(effect, names, t)}
        </Text>
      ))}
    </>
  );
}

/**
 * "in 12 minutes", "2 days ago": the nearest sensible unit, by `Intl.RelativeTimeFormat` in the
 * UI language.
 */
export function relativeTime(target: Date, now: Date, language: Language): string {
  const seconds = Math.round((target.getTime() - now.getTime()) / 1000);
  const size = Math.abs(seconds);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (size < 60) return format.format(seconds, 'second');
  if (size < 90 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (size < 48 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** The current time, refreshed every `everyMs` so relative hints stay true. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The deadline in the user's time zone with "closes in …" while it lies ahead. */
export function Deadline({ deadline, open }: { deadline: string; open: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow();
  const date = new Date(deadline);
  const ahead = open && date > now;
  return (
    <span>
      <time dateTime={deadline}>{format.dateTime(deadline)}</time>
      {ahead && (
        <Text span fz="sm" c="gray.8" data-testid="closes-in">
          {' · '}
          {t('decisions.closesIn', { relative: relativeTime(date, now, format.language) })}
        </Text>
      )}
      {open && !ahead && (
        <Text span fz="sm" c="gray.8">
          {' · '}
          {t('decisions.deadlinePassed')}
        </Text>
      )}
    </span>
  );
}

/** The dates that matter in a list: the deadline while circulating, adoption and effect once adopted. */
export function DecisionDates({ decision }: { decision: DecisionSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (decision.status === 'adopted') {
    return (
      <Text fz="sm">
        {t('decisions.adoptedOn', { date: format.day(decision.adoptedOn) })}
        {decision.effectiveOn && ` · ${t('decisions.effectiveFrom', { date: format.day(decision.effectiveOn) })}`}
      </Text>
    );
  }
  if (decision.deadline) {
    return (
      <Text fz="sm">
        {t('decisions.deadlineLead')} <Deadline deadline={decision.deadline} open={decision.status === 'circulating'} />
      </Text>
    );
  }
  return <Text fz="sm">—</Text>;
}

/** On a participant's page: the decisions with an effect on it, newest first, each linked. */
export function DecisionsAboutParticipant({ code }: { code: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const decisions = useApi<{ items: DecisionSummary[] }>(`/api/decisions?participant=${encodeURIComponent(code)}`);
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="decisions-about-title" data-testid="participant-decisions">
      <Stack gap="sm">
        <Title order={2} size="h3" id="decisions-about-title">
          {t('decisions.aboutParticipant')}
        </Title>
        <Loaded ready={decisions.data !== null} error={decisions.error}>
          {() =>
            decisions.data!.items.length === 0 ? (
              <Text fz="sm">{t('decisions.noneAboutParticipant')}</Text>
            ) : (
              <List spacing={6}>
                {decisions.data!.items.map((decision) => {
                  const effect = decision.effects.find((entry) => entry.participantCode === code);
                  return (
                    <List.Item key={decision.id}>
                      <Group gap="xs" wrap="wrap">
                        <Anchor component={Link} to={`/decisions/${decision.id}`} fz="sm" fw={600}>
                          {decision.reference}
                        </Anchor>
                        <Text span fz="sm" dir="auto">
                          {decision.title}
                        </Text>
                        <DecisionStatusBadge status={decision.status} />
                        {effect && (
                          <Text span fz="sm">
                            {effectInWords(effect, names, t)}
                            {decision.effectiveOn ? ` · ${t('decisions.effectiveFrom', { date: format.day(decision.effectiveOn) })}` : ''}
                          </Text>
                        )}
                      </Group>
                    </List.Item>
                  );
                })}
              </List>
            )
          }
        </Loaded>
      </Stack>
    </Paper>
  );
}
