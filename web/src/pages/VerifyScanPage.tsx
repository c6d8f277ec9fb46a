import { Alert, Button, FileInput, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { VerificationResult } from '../api.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { CertificateFootprintsSection } from '../components/FootprintParts.tsx';
import { Page } from '../components/Page.tsx';
import { ReportDialog } from '../components/ReportDialog.tsx';
import { VerificationResultView } from '../components/VerificationResultView.tsx';
import { useFormat } from '../format.ts';
import { can } from '../permissions.ts';
import { decodeCanvas, decodeImageFile } from '../qr.ts';
import { ageInDays, loadTrustList, verifyOffline, verifyWithRegister, type TrustListState } from '../verification.ts';

type CameraState = 'idle' | 'starting' | 'scanning' | 'denied' | 'no_camera' | 'insecure' | 'failed';
const FRAME_INTERVAL_MS = 200;

/** The camera as a QR reader: frames drawn on a canvas and decoded with jsQR until a code is found. */
function CameraScanner({ onDetected }: { onDetected: (text: string) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | null>(null);
  const [state, setState] = useState<CameraState>('idle');

  const stop = useCallback((next: CameraState = 'idle') => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState(next);
  }, []);

  // the camera goes off when the user leaves the page
  useEffect(() => () => stop(), [stop]);

  const scanFrame = useCallback(() => {
    const element = video.current;
    if (!element || !stream.current) return;
    if (element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth > 0) {
      canvas.current ??= document.createElement('canvas');
      canvas.current.width = element.videoWidth;
      canvas.current.height = element.videoHeight;
      canvas.current.getContext('2d', { willReadFrequently: true })?.drawImage(element, 0, 0);
      const text = decodeCanvas(canvas.current);
      if (text) {
        stop();
        onDetected(text);
        return;
      }
    }
    timer.current = window.setTimeout(scanFrame, FRAME_INTERVAL_MS);
  }, [onDetected, stop]);

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia) return setState(window.isSecureContext ? 'no_camera' : 'insecure');
    setState('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      return stop(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'no_camera' : 'failed');
    }
    const element = video.current;
    if (!element) return stop();
    element.srcObject = stream.current;
    try {
      await element.play();
    } catch {
      return stop('failed');
    }
    setState('scanning');
    scanFrame();
  }

  const active = state === 'starting' || state === 'scanning';
  const problem = state === 'denied' || state === 'no_camera' || state === 'insecure' || state === 'failed' ? state : null;
  return (
    <Stack gap="sm">
      <Group>
        {active ? (
          <Button variant="default" onClick={() => stop()}>
            {t('verify.cameraStop')}
          </Button>
        ) : (
          <Button onClick={() => void start()} data-testid="camera-start">
            {t('verify.cameraStart')}
          </Button>
        )}
      </Group>
      {state === 'scanning' && (
        <Text fz="sm" role="status">
          {t('verify.cameraScanning')}
        </Text>
      )}
      {problem && (
        <Alert color="orange" variant="outline" role="alert" title={t('verify.cameraProblemTitle')} styles={{ title: { color: '#6b3000' }, message: { color: '#3d1c00' } }}>
          {t(`verify.camera.${problem}`)}
        </Alert>
      )}
      <video ref={video} muted playsInline hidden={!active} aria-label={t('verify.cameraView')} style={{ width: '100%', maxWidth: 480, borderRadius: 8, background: '#000' }} />
    </Stack>
  );
}

function TrustListStatus({ state }: { state: TrustListState | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (state === null) return <Text fz="sm">{t('verify.trustList.loading')}</Text>;
  let text: string;
  if (state.list === null) text = t(`verify.trustList.none_${state.why}`);
  else if (state.fresh) text = t('verify.trustList.fresh', { at: format.dateTime(state.list.issuedAt) });
  else text = t(`verify.trustList.kept_${state.why}`, { at: format.dateTime(state.list.issuedAt), days: format.number(ageInDays(state.list.issuedAt)) });
  const warn = state.list === null || !state.fresh;
  return (
    <Text fz="sm" fw={warn ? 600 : undefined} c={warn ? '#6b3000' : undefined} data-testid="trust-list-status">
      {text}
    </Text>
  );
}

/** `/verify-scan`: read a certificate's QR (camera, image or pasted text) and verify it in the browser and with the register. */
export function VerifyScanPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const [trust, setTrust] = useState<TrustListState | null>(null);
  const [text, setText] = useState(params.get('qr') ?? '');
  const [busy, setBusy] = useState(false);
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const [offline, setOffline] = useState<VerificationResult | null>(null);
  const [online, setOnline] = useState<VerificationResult | 'unreachable' | null>(null);
  const [onlineError, setOnlineError] = useState<unknown>(null);
  const [reporting, setReporting] = useState<string | null>(null);
  const [imageFile, setImageFile] = useState<File | null>(null);
  const trustPromise = useRef<Promise<TrustListState> | null>(null);

  useEffect(() => {
    const loading = loadTrustList();
    trustPromise.current = loading;
    let cancelled = false;
    void loading.then((state) => {
      if (!cancelled) setTrust(state);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const verify = useCallback(async (presented: string) => {
    const value = presented.trim();
    setText(value);
    setInputProblem(null);
    setOffline(null);
    setOnline(null);
    setOnlineError(null);
    if (!value) return setInputProblem(t('validation.required'));
    if (value.length > 8000) return setInputProblem(t('validation.maxLength', { max: 8000 }));
    setBusy(true);
    try {
      const state = await (trustPromise.current ?? loadTrustList());
      if (state.list) setOffline(await verifyOffline(value, state.list));
      try {
        setOnline((await verifyWithRegister(value)) ?? 'unreachable');
      } catch (error) {
        setOnlineError(error);
      }
    } finally {
      setBusy(false);
    }
  }, [t]);

  // a link into the app with ?qr=… verifies at once
  const initial = useRef(params.get('qr'));
  useEffect(() => {
    if (initial.current) void verify(initial.current);
  }, [verify]);

  async function onImage(file: File | null) {
    setImageFile(file);
    if (!file) return;
    setInputProblem(null);
    let found: string | null = null;
    try {
      found = await decodeImageFile(file);
    } catch {
      found = null;
    }
    if (!found) {
      setOffline(null);
      setOnline(null);
      return setInputProblem(t('verify.noQrInImage'));
    }
    await verify(found);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void verify(text);
  }

  const shown = online !== null && online !== 'unreachable' ? online : offline;
  const reportable = can.reportCertificate(me) && shown !== null;
  const reportButton = (result: VerificationResult) =>
    reportable ? (
      <Button variant="default" color="red" onClick={() => setReporting(result.certificate?.number ?? '')}>
        {t('alerts.report')}
      </Button>
    ) : undefined;

  return (
    <Page title={t('verify.title')}>
      <Text>{t('verify.intro')}</Text>
      <TrustListStatus state={trust} />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="verify-camera">
          <Stack gap="sm">
            <Title order={2} size="h4" id="verify-camera">
              {t('verify.cameraTitle')}
            </Title>
            <CameraScanner onDetected={(value) => void verify(value)} />
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="verify-image">
          <Stack gap="sm">
            <Title order={2} size="h4" id="verify-image">
              {t('verify.imageTitle')}
            </Title>
            <FileInput
              label={t('verify.imageLabel')}
              description={t('verify.imageHint')}
              placeholder={t('verify.chooseImage')}
              accept="image/*"
              clearable
              value={imageFile}
              onChange={(file) => void onImage(file)}
              data-testid="qr-image"
            />
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="verify-paste">
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Title order={2} size="h4" id="verify-paste">
                {t('verify.pasteTitle')}
              </Title>
              <Textarea
                label={t('verify.pasteLabel')}
                autosize
                minRows={3}
                maxRows={8}
                dir="ltr"
                className="mono"
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('verify.verify')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </SimpleGrid>
      {inputProblem && (
        <Alert color="orange" variant="outline" role="alert" styles={{ message: { color: '#3d1c00' } }}>
          {inputProblem}
        </Alert>
      )}
      <div aria-live="polite">
        <Stack gap="lg">
          {online === 'unreachable' && (
            <Alert color="orange" variant="outline" title={t('verify.registerUnreachableTitle')} styles={{ title: { color: '#6b3000' }, message: { color: '#3d1c00' } }}>
              {t('verify.registerUnreachable')}
            </Alert>
          )}
          <ErrorAlert error={onlineError} />
          {online !== null && online !== 'unreachable' && (
            <VerificationResultView result={online} title={t('verify.onlineTitle')} testId="online-result" actions={reportButton(online)} />
          )}
          {offline && (
            <VerificationResultView
              result={offline}
              title={t('verify.offlineTitle')}
              testId="offline-result"
              actions={online === null || online === 'unreachable' ? reportButton(offline) : undefined}
            />
          )}
          {/* The register's footprint comparison of the certificate (issue #7), for the staff who may read it: the section renders nothing when the API answers 404. */}
          {online !== null && online !== 'unreachable' && online.certificate && (
            <CertificateFootprintsSection
              key={online.certificate.number}
              certificate={{ number: online.certificate.number, issuingParticipant: online.certificate.issuingParticipant, importingParticipant: online.certificate.importingParticipant, status: null }}
              testId="verify-footprint-section"
            />
          )}
        </Stack>
      </div>
      {reporting !== null && <ReportDialog certificateNumber={reporting} onClose={() => setReporting(null)} />}
    </Page>
  );
}
