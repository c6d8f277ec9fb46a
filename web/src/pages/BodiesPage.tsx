import { Anchor, Badge, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { POSITIONS, type Position } from '../../../src/bodies/body-rules.ts';
import type { Body, BodySummary, Candidate, Membership } from '../../../src/bodies/schemas.ts';
import { api } from '../api.ts';
import { useMe } from '../auth.tsx';
import { useCountryNames, type CountryNames } from '../countries.ts';
import { ChairmanshipsTable } from '../components/ChairmanshipsTable.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Notice } from '../components/Notice.tsx';
import { Loaded, Page, Section } from '../components/Page.tsx';
import { todayIso, useFormat } from '../format.ts';
import { hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { useSubmission } from '../useSubmission.ts';
import { NotFoundUnless } from './NotFoundPage.tsx';

const bodyColumn = createColumnHelper<BodySummary>();
const memberColumn = createColumnHelper<Membership>();
const BODY_CODE = /^[A-Z][A-Z0-9-]{1,19}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The organisation a member sits for: a participant's name, or the observer organisation's code. */
function organisationOf(member: { participantCode: string | null; observerCode: string | null }, names: CountryNames): string {
  return member.participantCode ? names.name(member.participantCode) : (member.observerCode ?? '');
}

/**
 * `/bodies`: the Chair's office, working groups, committees and monitoring teams with who sits in
 * them today, and the Chair and Vice-Chair of each year (KPCS-DOMAIN §6). A seat grants its
 * holder the body's role while it runs.
 */
export function BodiesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const bodies = useApi<{ items: BodySummary[] }>('/api/bodies');
  const [version, setVersion] = useState(0);
  const [recording, setRecording] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const bodyColumns = useMemo(
    () => [
      bodyColumn.accessor('name', {
        header: () => t('bodies.body'),
        cell: (info) => (
          <Anchor component={Link} to={`/bodies/${info.row.original.code}`}>
            {info.getValue()} ({info.row.original.code})
          </Anchor>
        ),
      }),
      bodyColumn.accessor('kind', { header: () => t('bodies.kindLabel'), cell: (info) => t(`bodies.kind.${info.getValue()}`) }),
      bodyColumn.accessor((row) => row.grantsRole ?? '', {
        id: 'grantsRole',
        header: () => t('bodies.grantsRole'),
        cell: (info) => (info.getValue() ? t(`roles.${info.getValue()}`) : t('bodies.noRole')),
      }),
      bodyColumn.accessor((row) => row.members.length, {
        id: 'members',
        header: () => t('bodies.membersToday'),
        cell: (info) =>
          info.row.original.members.length === 0 ? (
            t('bodies.noMembers')
          ) : (
            <Stack gap={2}>
              {info.row.original.members.map((member) => (
                <Text key={member.id} fz="sm">
                  <bdi>{member.name}</bdi> · {organisationOf(member, names)}
                  {member.position !== 'member' ? ` · ${t(`bodies.position.${member.position}`)}` : ''}
                </Text>
              ))}
            </Stack>
          ),
      }),
    ],
    [t, names],
  );
  return (
    <Page
      title={t('bodies.title')}
      actions={hasRole(me, 'kp_chair') && <Button onClick={() => setRecording(true)}>{t('bodies.recordChairmanship')}</Button>}
    >
      <Text>{t('bodies.intro')}</Text>
      {notice && <Notice testId="bodies-notice">{notice}</Notice>}
      <Section title={t('bodies.bodiesHeading')}>
        <Loaded ready={bodies.data !== null} error={bodies.error}>
          {() => <DataTable data={bodies.data!.items} columns={bodyColumns} caption={t('bodies.bodiesHeading')} getRowId={(row) => row.code} testId="bodies-table" />}
        </Loaded>
      </Section>
      <Section title={t('bodies.chairmanshipsHeading')}>
        <ChairmanshipsTable key={version} />
      </Section>
      {recording && (
        <ChairmanshipDialog
          names={names}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            setNotice(t('bodies.notice.chairmanshipRecorded'));
            setVersion((value) => value + 1);
          }}
        />
      )}
    </Page>
  );
}

/** The Chair records a year's Vice-Chair (who chairs the next year), or the Chair of a year not yet recorded. */
function ChairmanshipDialog({ names, onClose, onSaved }: { names: CountryNames; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(String(new Date().getUTCFullYear()));
  const [chair, setChair] = useState('');
  const [viceChair, setViceChair] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const options = [{ value: '', label: t('common.choose') }, ...(names.participants ?? []).map((row) => ({ value: row.code, label: row.name })).sort((a, b) => a.label.localeCompare(b.label))];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4}$/.test(year)) return setErrors({ year: t('bodies.validation.year') });
    void attempt(async () => {
      await api(`/api/chairmanships/${year}`, {
        method: 'PUT',
        body: { ...(chair && { chairParticipantCode: chair }), ...(viceChair && { viceChairParticipantCode: viceChair }), ...(note.trim() && { note: note.trim() }) },
      });
      onSaved();
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('bodies.recordChairmanship')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('bodies.year')} required inputMode="numeric" value={year} error={errors.year} onChange={(event) => setYear(event.currentTarget.value)} />
          <NativeSelect label={t('bodies.viceChair')} description={t('bodies.viceChairHelp')} data={options} value={viceChair} onChange={(event) => setViceChair(event.currentTarget.value)} />
          <NativeSelect label={t('bodies.chair')} description={t('bodies.chairHelp')} data={options} value={chair} onChange={(event) => setChair(event.currentTarget.value)} />
          <Textarea label={t('bodies.note')} autosize minRows={2} dir="auto" value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('bodies.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** `/bodies/:code`: one body, its members past and present; the Chair or the body's chair appoints and ends seats. */
export function BodyPage() {
  const { code = '' } = useParams();
  return (
    <NotFoundUnless valid={BODY_CODE.test(code)}>
      <BodyView code={code} />
    </NotFoundUnless>
  );
}

function BodyView({ code }: { code: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useCountryNames(format.language);
  const body = useApi<Body>(`/api/bodies/${code}`);
  const [notice, setNotice] = useState<string | null>(null);
  const [ending, setEnding] = useState<Membership | null>(null);
  const data = body.data;

  const columns = useMemo(
    () => [
      memberColumn.accessor('name', { header: () => t('bodies.member'), cell: (info) => <bdi>{info.getValue()}</bdi> }),
      memberColumn.accessor((row) => organisationOf(row, names), { id: 'organisation', header: () => t('bodies.organisation') }),
      memberColumn.accessor('position', { header: () => t('bodies.positionLabel'), cell: (info) => t(`bodies.position.${info.getValue()}`) }),
      memberColumn.accessor('startsOn', { header: () => t('bodies.startsOn'), cell: (info) => <time dateTime={info.getValue()}>{format.day(info.getValue())}</time> }),
      memberColumn.accessor((row) => row.endsOn ?? '', {
        id: 'endsOn',
        header: () => t('bodies.endsOn'),
        cell: (info) => (info.getValue() ? <time dateTime={info.getValue()}>{format.day(info.getValue())}</time> : '—'),
      }),
      memberColumn.accessor('active', {
        header: () => t('bodies.seat'),
        cell: (info) => (
          <Badge color={info.getValue() ? 'green.9' : 'gray.7'} variant="light">
            {t(info.getValue() ? 'bodies.sitting' : 'bodies.notSitting')}
          </Badge>
        ),
      }),
      memberColumn.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) =>
          data?.can.end && info.row.original.endedAt === null ? (
            <Button size="xs" variant="default" onClick={() => setEnding(info.row.original)} aria-label={t('bodies.endSeatOf', { name: info.row.original.name })}>
              {t('bodies.endSeat')}
            </Button>
          ) : null,
      }),
    ],
    [t, names, format, data?.can.end],
  );

  return (
    <Loaded ready={data !== null} error={body.error}>
      {() => (
        <Page title={`${data!.name} (${data!.code})`}>
          <Anchor component={Link} to="/bodies">
            {t('bodies.back')}
          </Anchor>
          {notice && <Notice testId="body-notice">{notice}</Notice>}
          <Text>
            {t(`bodies.kind.${data!.kind}`)} · {data!.grantsRole ? t('bodies.grants', { role: t(`roles.${data!.grantsRole}`) }) : t('bodies.noRole')}
            {data!.subjectParticipantCode ? ` · ${t('bodies.watches', { participant: names.name(data!.subjectParticipantCode) })}` : ''}
          </Text>
          {data!.mandate && <Text dir="auto">{data!.mandate}</Text>}
          {data!.decision && (
            <Anchor component={Link} to={`/decisions/${data!.decision.id}`}>
              {data!.decision.reference} — {data!.decision.title}
            </Anchor>
          )}
          <Section title={t('bodies.membersHeading')}>
            <DataTable data={data!.members} columns={columns} caption={t('bodies.membersHeading')} getRowId={(row) => row.id} emptyText={t('bodies.noMembers')} testId="members-table" />
          </Section>
          {data!.can.appoint && (
            <AppointForm
              body={data!}
              names={names}
              onSaved={(name) => {
                setNotice(t('bodies.notice.appointed', { name }));
                body.reload();
              }}
            />
          )}
          {ending && (
            <EndSeatDialog
              body={data!}
              membership={ending}
              onClose={() => setEnding(null)}
              onSaved={() => {
                setNotice(t('bodies.notice.ended', { name: ending.name }));
                setEnding(null);
                body.reload();
              }}
            />
          )}
        </Page>
      )}
    </Loaded>
  );
}

function AppointForm({ body, names, onSaved }: { body: Body; names: CountryNames; onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const candidates = useApi<{ items: Candidate[] }>(`/api/bodies/${body.code}/candidates`);
  const [userId, setUserId] = useState('');
  const [position, setPosition] = useState<Position>('member');
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const positions = body.kind === 'chair_office' ? POSITIONS.filter((value) => value !== 'vice_chair') : POSITIONS;
  const people = candidates.data?.items ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!userId) problems.userId = t('validation.required');
    if (!DAY.test(startsOn)) problems.startsOn = t('validation.required');
    if (endsOn && !DAY.test(endsOn)) problems.endsOn = t('bodies.validation.date');
    if (Object.keys(problems).length > 0) return setErrors(problems);
    const name = people.find((person) => person.userId === userId)?.name ?? '';
    void attempt(async () => {
      await api(`/api/bodies/${body.code}/members`, { method: 'POST', body: { userId, position, startsOn, ...(endsOn && { endsOn }) } });
      setUserId('');
      onSaved(name);
    });
  }

  return (
    <Section title={t('bodies.appointHeading')} testId="appoint-form">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <NativeSelect
            label={t('bodies.member')}
            required
            data={[{ value: '', label: t('common.choose') }, ...people.map((person) => ({ value: person.userId, label: `${person.name} — ${organisationOf(person, names)}` }))]}
            value={userId}
            error={errors.userId}
            onChange={(event) => setUserId(event.currentTarget.value)}
          />
          <NativeSelect
            label={t('bodies.positionLabel')}
            data={positions.map((value) => ({ value, label: t(`bodies.position.${value}`) }))}
            value={position}
            onChange={(event) => setPosition(event.currentTarget.value as Position)}
          />
          <Group grow>
            <TextInput type="date" label={t('bodies.startsOn')} required value={startsOn} error={errors.startsOn} onChange={(event) => setStartsOn(event.currentTarget.value)} />
            <TextInput type="date" label={t('bodies.endsOn')} description={t('bodies.endsOnHelp')} value={endsOn} error={errors.endsOn} onChange={(event) => setEndsOn(event.currentTarget.value)} />
          </Group>
          <ErrorAlert error={error ?? candidates.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('bodies.appoint')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function EndSeatDialog({ body, membership, onClose, onSaved }: { body: Body; membership: Membership; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [endsOn, setEndsOn] = useState(todayIso());
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!DAY.test(endsOn)) return setErrors({ endsOn: t('bodies.validation.date') });
    void attempt(async () => {
      await api(`/api/bodies/${body.code}/members/${membership.id}/end`, { method: 'POST', body: { endsOn } });
      onSaved();
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('bodies.endSeatOf', { name: membership.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput type="date" label={t('bodies.lastDay')} required value={endsOn} error={errors.endsOn} onChange={(event) => setEndsOn(event.currentTarget.value)} />
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={busy}>
              {t('bodies.endSeat')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
