import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { actionOf, DECIDED_STATUSES, effectProblem } from '../../../src/decisions/decision-rules.ts';
import { api, type DecidedStatus, type Decision, type DecisionDraft, type DecisionKind, type ParticipantSummary } from '../api.ts';
import { useMe } from '../auth.tsx';
import { COUNTRY_CODES, useCountryNames } from '../countries.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loaded, Page } from '../components/Page.tsx';
import { todayIso, useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

const EFFECT_TYPES = ['status', 'compliant_zone', 'embargo'] as const;
type EffectType = (typeof EFFECT_TYPES)[number];
const MEASURES = ['impose', 'lift'] as const;
type Measure = (typeof MEASURES)[number];

/** One effect as the form holds it: the fields of every type, of which `toDraft` sends those of `type`. */
interface EffectRow {
  id: number;
  type: EffectType;
  /** The participant (status, compliant zone) or the origin (embargo). */
  participantCode: string;
  status: DecidedStatus | '';
  zoneName: string;
  zoneDescription: string;
  measure: Measure | '';
  legalBasis: string;
}

interface DecisionValues {
  kind: DecisionKind;
  title: string;
  body: string;
  meeting: string;
  communique: string;
  adoptedOn: string;
  effectiveOn: string;
  /** `YYYY-MM-DDTHH:mm` in the user's time zone, as a datetime-local field gives it. */
  deadline: string;
  effects: EffectRow[];
  /** False: KP ONLY, observers see the decision only once adopted. */
  sharedWithObservers: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
let nextRowId = 1;
const emptyEffect = (): EffectRow => ({ id: nextRowId++, type: 'status', participantCode: '', status: '', zoneName: '', zoneDescription: '', measure: '', legalBasis: '' });

/** A local `YYYY-MM-DDTHH:mm` as an ISO instant with the user's UTC offset, e.g. `2026-05-04T17:00:00+02:00`; null if it is no time. */
export function localToIsoWithOffset(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return null;
  const pad = (value: number) => String(Math.abs(value)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

/** The client-side checks mirroring DecisionDraftSchema and createDecision; the server has the last word. */
function validateDecision(values: DecisionValues, register: Map<string, ParticipantSummary>, t: (key: string, options?: Record<string, unknown>) => string) {
  const errors: Record<string, string> = {};
  const text = (key: keyof DecisionValues, max: number) => {
    const trimmed = String(values[key]).trim();
    if (!trimmed) errors[key] = t('validation.required');
    else if (trimmed.length > max) errors[key] = t('validation.maxLength', { max });
  };
  text('title', 300);
  text('body', 20_000);
  if (values.kind === 'plenary') {
    text('meeting', 300);
    text('communique', 2000);
    if (!DAY.test(values.adoptedOn)) errors.adoptedOn = t('validation.date');
    if (!DAY.test(values.effectiveOn)) errors.effectiveOn = t('validation.date');
    else if (DAY.test(values.adoptedOn) && values.effectiveOn < values.adoptedOn) errors.effectiveOn = t('decisions.form.effectiveBeforeAdopted');
  } else {
    const deadline = localToIsoWithOffset(values.deadline);
    if (!values.deadline) errors.deadline = t('validation.required');
    else if (deadline === null) errors.deadline = t('validation.date');
    else if (new Date(deadline).getTime() <= Date.now()) errors.deadline = t('decisions.form.deadlineFuture');
    if (values.effectiveOn) {
      const deadlineDay = deadline ? new Date(deadline).toISOString().slice(0, 10) : null;
      if (!DAY.test(values.effectiveOn)) errors.effectiveOn = t('validation.date');
      else if (deadlineDay && values.effectiveOn < deadlineDay) errors.effectiveOn = t('decisions.form.effectiveBeforeDeadline', { date: deadlineDay });
    }
  }
  if (values.effects.length > 20) errors.effects = t('validation.maxItems', { max: 20 });
  const seen = new Set<string>();
  const zonesSeen = new Set<string>();
  const originsSeen = new Set<string>();
  values.effects.forEach((effect, index) => {
    const field = (name: string) => `effects.${index}.${name}`;
    if (effect.type === 'compliant_zone') {
      const zoneName = effect.zoneName.trim();
      // The server checks the latest status event; the register's status today is what the form knows.
      const restrictedHere = values.effects.some((other) => other.type === 'status' && other.participantCode === effect.participantCode && other.status === 'zone_restricted');
      if (!effect.participantCode) errors[field('participantCode')] = t('validation.required');
      else if (register.get(effect.participantCode)?.status !== 'zone_restricted' && !restrictedHere) errors[field('participantCode')] = t('decisions.form.notZoneRestricted');
      if (!zoneName) errors[field('zoneName')] = t('validation.required');
      else if (zoneName.length > 160) errors[field('zoneName')] = t('validation.maxLength', { max: 160 });
      else if (effect.participantCode) {
        const key = `${effect.participantCode}:${zoneName.toLocaleLowerCase()}`;
        if (zonesSeen.has(key)) errors[field('zoneName')] = t('decisions.form.duplicateZone');
        zonesSeen.add(key);
      }
      if (effect.zoneDescription.trim().length > 2000) errors[field('zoneDescription')] = t('validation.maxLength', { max: 2000 });
      return;
    }
    if (effect.type === 'embargo') {
      const legalBasis = effect.legalBasis.trim();
      if (!effect.participantCode) errors[field('participantCode')] = t('validation.required');
      else if (originsSeen.has(effect.participantCode)) errors[field('participantCode')] = t('decisions.form.duplicateEmbargo');
      originsSeen.add(effect.participantCode);
      if (!effect.measure) errors[field('measure')] = t('validation.required');
      if (legalBasis && (legalBasis.length < 3 || legalBasis.length > 500)) errors[field('legalBasis')] = t('decisions.form.legalBasisLength');
      return;
    }
    // One status change per participant; zones and embargoes may name it as well.
    if (!effect.participantCode) errors[`effects.${index}.participantCode`] = t('validation.required');
    else if (seen.has(effect.participantCode)) errors[`effects.${index}.participantCode`] = t('decisions.form.duplicate');
    seen.add(effect.participantCode);
    if (!effect.status) errors[`effects.${index}.status`] = t('validation.required');
    else if (effect.participantCode) {
      const problem = effectProblem(register.get(effect.participantCode)?.status ?? null, effect.status);
      if (problem === 'status_unchanged') errors[`effects.${index}.status`] = t('decisions.form.statusUnchanged');
      if (problem === 'not_a_participant') errors[`effects.${index}.status`] = t('decisions.form.notAParticipant');
    }
  });
  return errors;
}

type DraftEffect = NonNullable<DecisionDraft['effects']>[number];

function effectDraft(effect: EffectRow): DraftEffect {
  if (effect.type === 'compliant_zone') {
    const description = effect.zoneDescription.trim();
    return { type: 'compliant_zone', participantCode: effect.participantCode, zone: { name: effect.zoneName.trim(), ...(description ? { description } : {}) } };
  }
  if (effect.type === 'embargo') {
    const legalBasis = effect.legalBasis.trim();
    return { type: 'embargo', participantCode: effect.participantCode, measure: effect.measure as Measure, ...(legalBasis ? { legalBasis } : {}) };
  }
  return { type: 'status', participantCode: effect.participantCode, status: effect.status as DecidedStatus };
}

function toDraft(values: DecisionValues): DecisionDraft {
  const effects = values.effects.map(effectDraft);
  const { sharedWithObservers } = values;
  if (values.kind === 'plenary') {
    return {
      kind: 'plenary',
      title: values.title.trim(),
      body: values.body.trim(),
      meeting: values.meeting.trim(),
      communique: values.communique.trim(),
      adoptedOn: values.adoptedOn,
      effectiveOn: values.effectiveOn,
      effects,
      sharedWithObservers,
    };
  }
  return {
    kind: 'written_procedure',
    title: values.title.trim(),
    body: values.body.trim(),
    deadline: localToIsoWithOffset(values.deadline) ?? values.deadline,
    ...(values.effectiveOn ? { effectiveOn: values.effectiveOn } : {}),
    effects,
    sharedWithObservers,
  };
}

/** `/decisions/new`: the Chair records a plenary decision or circulates a draft for written procedure. */
export function DecisionFormPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!can.recordDecisions(me)) return <NotFoundPage />;
  return (
    <Page title={t('decisions.form.title')}>
      <Anchor component={Link} to="/decisions" fz="sm">
        {t('decisions.back')}
      </Anchor>
      <Text>{t('decisions.form.intro')}</Text>
      <DecisionForm />
    </Page>
  );
}

/** `?participant=BD&status=participant` (with `title`, `body`): the form filled in, as the admission page opens it. */
function prefilledEffects(search: URLSearchParams): EffectRow[] {
  const participantCode = search.get('participant') ?? '';
  const status = search.get('status') ?? '';
  if (!/^[A-Z]{2}$/.test(participantCode) || !(DECIDED_STATUSES as readonly string[]).includes(status)) return [];
  return [{ ...emptyEffect(), participantCode, status: status as DecidedStatus }];
}

function DecisionForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const navigate = useNavigate();
  const topRef = useRef<HTMLDivElement>(null);
  const [search] = useSearchParams();
  const [values, setValues] = useState<DecisionValues>(() => ({
    kind: 'written_procedure',
    title: search.get('title') ?? '',
    body: search.get('body') ?? '',
    meeting: '',
    communique: '',
    adoptedOn: todayIso(),
    effectiveOn: '',
    deadline: '',
    effects: prefilledEffects(search),
    sharedWithObservers: true,
  }));
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const set = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const setEffect = (id: number, change: Partial<EffectRow>) =>
    setValues((current) => ({ ...current, effects: current.effects.map((effect) => (effect.id === id ? { ...effect, ...change } : effect)) }));

  const register = useMemo(() => new Map((names.participants ?? []).map((row) => [row.code, row])), [names.participants]);
  const participants = useMemo(() => {
    const collator = new Intl.Collator(format.language);
    return [...(names.participants ?? [])].sort((a, b) => collator.compare(a.name, b.name));
  }, [names.participants, format.language]);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const plenary = values.kind === 'plenary';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = validateDecision(values, register, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => topRef.current?.scrollIntoView({ block: 'start' }));
      return;
    }
    await attempt(async () => {
      const decision = await api<Decision>('/api/decisions', { method: 'POST', body: toDraft(values) });
      navigate(`/decisions/${decision.id}`, { state: { notice: decision.kind === 'plenary' ? 'recorded' : 'circulated' } });
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <div ref={topRef}>
          <ErrorAlert error={error} title={t('decisions.form.notSaved')} />
          {Object.keys(errors).length > 0 && !error && (
            <div role="alert" style={{ color: '#7f1d1d', fontWeight: 600 }}>
              {t('decisions.form.checkFields')}
            </div>
          )}
        </div>
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm">
            <Radio.Group label={t('decisions.form.kind')} value={values.kind} onChange={(value) =>
                setValues((current) => ({ ...current, kind: value as DecisionKind, effectiveOn: value === 'plenary' && !current.effectiveOn ? current.adoptedOn : current.effectiveOn }))
              } required>
              <Group mt={4}>
                <Radio value="written_procedure" label={t('decisions.kind.written_procedure')} />
                <Radio value="plenary" label={t('decisions.kind.plenary')} />
              </Group>
            </Radio.Group>
            <Text fz="sm">{plenary ? t('decisions.form.plenaryIntro') : t('decisions.form.writtenIntro')}</Text>
            <TextInput label={t('decisions.form.titleLabel')} required value={values.title} error={errors.title} onChange={(event) => set('title', event.currentTarget.value)} />
            <Textarea
              label={t('decisions.form.body')}
              required
              autosize
              minRows={4}
              value={values.body}
              error={errors.body}
              onChange={(event) => set('body', event.currentTarget.value)}
            />
            {plenary ? (
              <>
                <TextInput
                  label={t('decisions.form.meeting')}
                  description={t('decisions.form.meetingHint')}
                  required
                  value={values.meeting}
                  error={errors.meeting}
                  onChange={(event) => set('meeting', event.currentTarget.value)}
                />
                <TextInput
                  label={t('decisions.form.communique')}
                  description={t('decisions.form.communiqueHint')}
                  required
                  value={values.communique}
                  error={errors.communique}
                  onChange={(event) => set('communique', event.currentTarget.value)}
                />
                <Group grow align="flex-start">
                  <TextInput
                    label={t('decisions.form.adoptedOn')}
                    type="date"
                    required
                    value={values.adoptedOn}
                    error={errors.adoptedOn}
                    onChange={(event) => set('adoptedOn', event.currentTarget.value)}
                  />
                  <TextInput
                    label={t('decisions.form.effectiveOn')}
                    type="date"
                    required
                    value={values.effectiveOn}
                    error={errors.effectiveOn}
                    onChange={(event) => set('effectiveOn', event.currentTarget.value)}
                  />
                </Group>
              </>
            ) : (
              <Group grow align="flex-start">
                <TextInput
                  label={t('decisions.form.deadline')}
                  description={t('decisions.form.deadlineHint', { zone: timeZone })}
                  type="datetime-local"
                  required
                  value={values.deadline}
                  error={errors.deadline}
                  onChange={(event) => set('deadline', event.currentTarget.value)}
                />
                <TextInput
                  label={t('decisions.form.effectiveOptional')}
                  description={t('decisions.form.effectiveOptionalHint')}
                  type="date"
                  value={values.effectiveOn}
                  error={errors.effectiveOn}
                  onChange={(event) => set('effectiveOn', event.currentTarget.value)}
                />
              </Group>
            )}
            <Checkbox
              label={t('sharing.formLabel')}
              checked={values.sharedWithObservers}
              onChange={(event) => set('sharedWithObservers', event.currentTarget.checked)}
              data-testid="shared-with-observers"
            />
          </Stack>
        </Paper>

        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="effects-title">
          <Stack gap="sm">
            <Title order={2} size="h3" id="effects-title">
              {t('decisions.effects')}
            </Title>
            <Text fz="sm">{t('decisions.form.effectsIntroKinds')}</Text>
            {errors.effects && (
              <Text fz="sm" c="red.9" role="alert">
                {errors.effects}
              </Text>
            )}
            <Loaded ready={names.participants !== null} error={names.error}>
              {() => (
                <Stack gap="sm">
                  {values.effects.map((effect, index) => {
                    const current = register.get(effect.participantCode);
                    const name = current?.name ?? '';
                    const error = (field: string) => errors[`effects.${index}.${field}`];
                    const participantSelect = (
                      <NativeSelect
                        label={t('decisions.form.participant')}
                        required
                        value={effect.participantCode}
                        error={error('participantCode')}
                        onChange={(event) => setEffect(effect.id, { participantCode: event.currentTarget.value })}
                      >
                        <option value="">{t('common.choose')}</option>
                        {participants.map((row) => (
                          <option key={row.code} value={row.code}>
                            {`${row.name} — ${row.status ? t(`status.${row.status}`) : t('status.none')}`}
                          </option>
                        ))}
                      </NativeSelect>
                    );
                    return (
                      <fieldset key={effect.id} style={{ border: '1px solid #c3cbd0', borderRadius: 6, padding: '0.5rem 1rem 1rem', margin: 0 }} data-testid="effect-row">
                        <legend style={{ fontWeight: 600, padding: '0 0.25rem' }}>{t('decisions.form.effectGroup', { number: index + 1 })}</legend>
                        <Stack gap="xs">
                          <NativeSelect
                            label={t('decisions.form.effectType')}
                            value={effect.type}
                            onChange={(event) => {
                              const type = event.currentTarget.value as EffectType;
                              // A code stays chosen when the new kind of effect offers it: any origin for an embargo, a participant otherwise.
                              const keeps = type === 'embargo' ? COUNTRY_CODES.includes(effect.participantCode) : register.has(effect.participantCode);
                              setEffect(effect.id, { type, participantCode: keeps ? effect.participantCode : '' });
                            }}
                          >
                            {EFFECT_TYPES.map((type) => (
                              <option key={type} value={type}>
                                {t(`decisions.form.effectTypes.${type}`)}
                              </option>
                            ))}
                          </NativeSelect>
                          {effect.type === 'status' && (
                            <Group grow align="flex-start">
                              {participantSelect}
                              <NativeSelect
                                label={t('decisions.form.newStatus')}
                                required
                                value={effect.status}
                                error={error('status')}
                                onChange={(event) => setEffect(effect.id, { status: event.currentTarget.value as DecidedStatus | '' })}
                              >
                                <option value="">{t('common.choose')}</option>
                                {DECIDED_STATUSES.map((status) => (
                                  <option key={status} value={status}>
                                    {current
                                      ? t('decisions.form.statusOption', {
                                          status: t(`status.${status}`),
                                          action: t(`decisions.action.${actionOf(current.status, status)}`, { participant: name }),
                                        })
                                      : t(`status.${status}`)}
                                  </option>
                                ))}
                              </NativeSelect>
                            </Group>
                          )}
                          {effect.type === 'compliant_zone' && (
                            <>
                              <Group grow align="flex-start">
                                {participantSelect}
                                <TextInput
                                  label={t('zones.name')}
                                  description={t('decisions.form.zoneHint')}
                                  required
                                  value={effect.zoneName}
                                  error={error('zoneName')}
                                  onChange={(event) => setEffect(effect.id, { zoneName: event.currentTarget.value })}
                                />
                              </Group>
                              <Textarea
                                label={t('zones.description')}
                                autosize
                                minRows={2}
                                value={effect.zoneDescription}
                                error={error('zoneDescription')}
                                onChange={(event) => setEffect(effect.id, { zoneDescription: event.currentTarget.value })}
                              />
                            </>
                          )}
                          {effect.type === 'embargo' && (
                            <>
                              <Group grow align="flex-start">
                                <NativeSelect
                                  label={t('embargoes.origin')}
                                  required
                                  value={effect.participantCode}
                                  error={error('participantCode')}
                                  onChange={(event) => setEffect(effect.id, { participantCode: event.currentTarget.value })}
                                >
                                  <option value="">{t('common.choose')}</option>
                                  {names.options.map((option) => (
                                    <option key={option.value} value={option.value}>
                                      {`${option.label} (${option.value})`}
                                    </option>
                                  ))}
                                </NativeSelect>
                                <NativeSelect
                                  label={t('decisions.form.measure')}
                                  required
                                  value={effect.measure}
                                  error={error('measure')}
                                  onChange={(event) => setEffect(effect.id, { measure: event.currentTarget.value as Measure | '' })}
                                >
                                  <option value="">{t('common.choose')}</option>
                                  {MEASURES.map((measure) => (
                                    <option key={measure} value={measure}>
                                      {t(`decisions.form.measures.${measure}`)}
                                    </option>
                                  ))}
                                </NativeSelect>
                              </Group>
                              <TextInput
                                label={t('embargoes.legalBasis')}
                                description={t('decisions.form.legalBasisHint')}
                                value={effect.legalBasis}
                                error={error('legalBasis')}
                                onChange={(event) => setEffect(effect.id, { legalBasis: event.currentTarget.value })}
                              />
                            </>
                          )}
                          <Group>
                            <Button
                              variant="default"
                              size="xs"
                              onClick={() => setValues((currentValues) => ({ ...currentValues, effects: currentValues.effects.filter((row) => row.id !== effect.id) }))}
                            >
                              {t('decisions.form.removeEffect', { number: index + 1 })}
                            </Button>
                          </Group>
                        </Stack>
                      </fieldset>
                    );
                  })}
                  <Group>
                    <Button
                      variant="default"
                      onClick={() => setValues((current) => ({ ...current, effects: [...current.effects, emptyEffect()] }))}
                    >
                      {t('decisions.form.addEffect')}
                    </Button>
                  </Group>
                </Stack>
              )}
            </Loaded>
          </Stack>
        </Paper>

        <Group>
          <Button type="submit" loading={busy}>
            {plenary ? t('decisions.form.submitPlenary') : t('decisions.form.submitWritten')}
          </Button>
          <Button component={Link} to="/decisions" variant="default">
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
