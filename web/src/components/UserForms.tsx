import { Alert, Button, Checkbox, CopyButton, Group, Modal, NativeSelect, PasswordInput, Radio, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isParticipantRole, ROLES, type Role } from '../../../src/domain/roles.ts';
import { api, type ApiTokenDto, type IssuedApiToken, type Me, type ObserverDto, type ParticipantSummary, type User } from '../api.ts';
import { useFormat } from '../format.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n.ts';
import { grantableRoles, hasRole } from '../permissions.ts';
import { useApi } from '../useApi.ts';
import { ToneBadge } from './Badges.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { useSubmission } from '../useSubmission.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function RoleCheckboxes({ me, value, onChange, error }: { me: Me; value: Role[]; onChange: (roles: Role[]) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t('users.roles')} required value={value} onChange={(next) => onChange(next as Role[])} error={error}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
        {grantableRoles(me, ROLES).map((role) => (
          <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

function LanguageSelect({ value, onChange }: { value: string; onChange: (value: Language) => void }) {
  const { t } = useTranslation();
  return (
    <NativeSelect label={t('users.language')} value={value} onChange={(event) => onChange(event.currentTarget.value as Language)}>
      {LANGUAGES.map((language) => (
        <option key={language} value={language} lang={language}>
          {LANGUAGE_NAMES[language]}
        </option>
      ))}
    </NativeSelect>
  );
}

/** New account: a person (with a password of 12+ characters) or a machine client (API tokens only). */
export function CreateUserForm({ me, onClose, onCreated }: { me: Me; onClose: () => void; onCreated: (user: User) => void }) {
  const { t, i18n } = useTranslation();
  const systemAdmin = hasRole(me, 'system_admin');
  const participants = useApi<ParticipantSummary[]>(systemAdmin ? '/api/participants' : null);
  const observers = useApi<ObserverDto[]>(systemAdmin ? '/api/observers' : null);
  const [kind, setKind] = useState<'person' | 'machine'>('person');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<Language>((LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'en');
  const [roles, setRoles] = useState<Role[]>([]);
  const [participantCode, setParticipantCode] = useState(me.participant?.code ?? '');
  const [observerCode, setObserverCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, errors, setErrors, attempt } = useSubmission();

  const needsParticipant = roles.some(isParticipantRole);
  const needsObserver = roles.includes('observer');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    else if (name.trim().length > 200) found.name = t('validation.maxLength', { max: 200 });
    if (!EMAIL.test(email.trim())) found.email = t('validation.email');
    if (roles.length === 0) found.roles = t('validation.roles');
    if (systemAdmin && needsParticipant && !participantCode) found.participantCode = t('validation.required');
    if (systemAdmin && needsObserver && !observerCode) found.observerCode = t('validation.required');
    if (needsObserver && needsParticipant) found.roles = t('validation.observerWithParticipantRole');
    if (kind === 'person' && password.length < 12) found.password = t('validation.passwordLength');
    else if (kind === 'person' && password.length > 200) found.password = t('validation.maxLength', { max: 200 });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await attempt(async () => {
      const user = await api<User>('/api/users', {
        method: 'POST',
        body: {
          email: email.trim(),
          name: name.trim(),
          kind,
          roles,
          participantCode: needsParticipant ? participantCode || null : null,
          observerCode: needsObserver ? observerCode || null : null,
          language,
          ...(kind === 'person' ? { password } : {}),
        },
      });
      onCreated(user);
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('users.create')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <Radio.Group label={t('users.kind')} value={kind} onChange={(value) => setKind(value as 'person' | 'machine')} required>
            <Group mt="xs">
              <Radio value="person" label={t('userKind.person')} />
              <Radio value="machine" label={t('userKind.machine')} />
            </Group>
          </Radio.Group>
          <TextInput label={t('users.name')} required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} />
          <TextInput label={t('users.email')} type="email" required value={email} error={errors.email} onChange={(event) => setEmail(event.currentTarget.value)} dir="ltr" />
          <LanguageSelect value={language} onChange={setLanguage} />
          <RoleCheckboxes me={me} value={roles} onChange={setRoles} error={errors.roles} />
          {systemAdmin && needsParticipant && (
            <NativeSelect label={t('users.participant')} required value={participantCode} error={errors.participantCode} onChange={(event) => setParticipantCode(event.currentTarget.value)}>
              <option value="">{t('common.choose')}</option>
              {(participants.data ?? []).map((participant) => (
                <option key={participant.code} value={participant.code}>
                  {participant.name} ({participant.code})
                </option>
              ))}
            </NativeSelect>
          )}
          {systemAdmin && needsObserver && (
            <NativeSelect label={t('users.observer')} required value={observerCode} error={errors.observerCode} onChange={(event) => setObserverCode(event.currentTarget.value)}>
              <option value="">{t('common.choose')}</option>
              {(observers.data ?? []).map((observer) => (
                <option key={observer.code} value={observer.code}>
                  {observer.name} ({observer.code})
                </option>
              ))}
            </NativeSelect>
          )}
          {!systemAdmin && me.participant && <Text fz="sm">{t('users.boundTo', { name: me.participant.name })}</Text>}
          {kind === 'person' ? (
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
              label={t('users.initialPassword')}
              description={t('validation.passwordLength')}
              required
              autoComplete="new-password"
              value={password}
              error={errors.password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
          ) : (
            <Text fz="sm">{t('users.machineHint')}</Text>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('users.createButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Name, roles and language of an existing account. */
export function EditUserForm({ me, user, onClose, onSaved }: { me: Me; user: User; onClose: () => void; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [language, setLanguage] = useState(user.language);
  const { busy, error, errors, setErrors, attempt } = useSubmission();
  const notGrantable = user.roles.filter((role) => !grantableRoles(me, ROLES).includes(role));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    if (roles.length === 0) found.roles = t('validation.roles');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const update: Record<string, unknown> = {};
    if (name.trim() !== user.name) update.name = name.trim();
    if ([...roles].sort().join() !== [...user.roles].sort().join()) update.roles = roles;
    if (language !== user.language) update.language = language;
    await attempt(async () => {
      onSaved(Object.keys(update).length > 0 ? await api<User>(`/api/users/${user.id}`, { method: 'PATCH', body: update }) : user);
    });
  }

  return (
    <Modal opened onClose={onClose} title={t('users.editTitle', { name: user.name })} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={error} />
          <Text fz="sm" dir="ltr" style={{ unicodeBidi: 'isolate' }}>
            {user.email}
          </Text>
          <TextInput label={t('users.name')} required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} />
          <LanguageSelect value={language} onChange={setLanguage} />
          <RoleCheckboxes me={me} value={roles.filter((role) => !notGrantable.includes(role))} onChange={(next) => setRoles([...notGrantable, ...next])} error={errors.roles} />
          {notGrantable.length > 0 && <Text fz="sm">{t('users.otherRoles', { roles: notGrantable.map((role) => t(`roles.${role}`)).join(', ') })}</Text>}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** API tokens of an account: issue one (its secret is shown once) and revoke. */
export function TokensDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tokens = useApi<ApiTokenDto[]>(`/api/users/${user.id}/tokens`);
  const [label, setLabel] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [labelError, setLabelError] = useState<string | undefined>();
  const [issued, setIssued] = useState<IssuedApiToken | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function issue(event: FormEvent) {
    event.preventDefault();
    if (!label.trim()) return setLabelError(t('validation.required'));
    if (label.trim().length > 100) return setLabelError(t('validation.maxLength', { max: 100 }));
    setLabelError(undefined);
    setBusy(true);
    setError(null);
    try {
      const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59Z`).toISOString() : null;
      setIssued(await api<IssuedApiToken>(`/api/users/${user.id}/tokens`, { method: 'POST', body: { label: label.trim(), expiresAt } }));
      setLabel('');
      setExpiresOn('');
      tokens.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiTokenDto) {
    setConfirming(null);
    setError(null);
    try {
      await api(`/api/tokens/${token.id}/revoke`, { method: 'POST' });
      tokens.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const now = Date.now();
  return (
    <Modal opened onClose={onClose} title={t('tokens.title', { name: user.name })} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <ErrorAlert error={error} />
        {issued && (
          <Alert color="yellow" variant="outline" title={t('tokens.issuedTitle')} styles={{ title: { color: '#5c4400' }, message: { color: '#212529' } }} data-testid="issued-token">
            <Stack gap="xs">
              <Text fz="sm">{t('tokens.showOnceWarning')}</Text>
              <TextInput label={t('tokens.secret')} value={issued.token} readOnly className="mono" dir="ltr" onFocus={(event) => event.currentTarget.select()} />
              <Group>
                <CopyButton value={issued.token}>
                  {({ copied, copy }) => (
                    <Button color={copied ? 'teal' : undefined} onClick={copy}>
                      {copied ? t('tokens.copied') : t('tokens.copy')}
                    </Button>
                  )}
                </CopyButton>
                <Button variant="default" onClick={() => setIssued(null)}>
                  {t('tokens.storedIt')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <form onSubmit={issue} noValidate>
          <Group align="flex-end" gap="sm">
            <TextInput label={t('tokens.label')} required value={label} error={labelError} onChange={(event) => setLabel(event.currentTarget.value)} w={240} />
            <TextInput label={t('tokens.expiresOn')} type="date" value={expiresOn} onChange={(event) => setExpiresOn(event.currentTarget.value)} w={180} />
            <Button type="submit" loading={busy}>
              {t('tokens.issue')}
            </Button>
          </Group>
        </form>
        {tokens.data && tokens.data.length > 0 ? (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('tokens.label')}</Table.Th>
                  <Table.Th scope="col">{t('tokens.created')}</Table.Th>
                  <Table.Th scope="col">{t('tokens.expires')}</Table.Th>
                  <Table.Th scope="col">{t('tokens.state')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => {
                  const expired = token.expiresAt !== null && new Date(token.expiresAt).getTime() < now;
                  return (
                    <Table.Tr key={token.id}>
                      <Table.Td>{token.label}</Table.Td>
                      <Table.Td>{format.dateTime(token.createdAt)}</Table.Td>
                      <Table.Td>{token.expiresAt ? format.dateTime(token.expiresAt) : t('tokens.never')}</Table.Td>
                      <Table.Td>
                        {token.revokedAt ? (
                          <ToneBadge tone="gray">{t('tokens.revoked')}</ToneBadge>
                        ) : expired ? (
                          <ToneBadge tone="gray">{t('tokens.expired')}</ToneBadge>
                        ) : (
                          <ToneBadge tone="green">{t('tokens.active')}</ToneBadge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {!token.revokedAt && confirming !== token.id && (
                          <Button size="xs" variant="default" onClick={() => setConfirming(token.id)} aria-label={`${t('tokens.revoke')}: ${token.label}`}>
                            {t('tokens.revoke')}
                          </Button>
                        )}
                        {!token.revokedAt && confirming === token.id && (
                          <Group gap={6} wrap="nowrap">
                            <Text fz="xs">{t('tokens.revokeConfirm', { label: token.label })}</Text>
                            <Button size="xs" color="red" onClick={() => revoke(token)}>
                              {t('tokens.confirmRevoke')}
                            </Button>
                            <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
                              {t('common.cancel')}
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          tokens.data && <Text fz="sm">{t('tokens.none')}</Text>
        )}
      </Stack>
    </Modal>
  );
}
