import { eq } from 'drizzle-orm';
import { addApplicationMessage } from '../admission/add-application-message.ts';
import { startAssessment } from '../admission/assess-application.ts';
import { openApplication } from '../admission/open-application.ts';
import { attachApplicationFile, saveApplication, submitApplication } from '../admission/write-application.ts';
import { admissionApplications, users } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { todayUtc } from '../domain/licence.ts';
import { participantStatusOn } from '../participants/participant-repository.ts';
import { toActor } from '../users/user-repository.ts';
import { DEMO_APPLICANT } from './demo-data.ts';

const APPLICANT = DEMO_APPLICANT.code;

async function actor(deps: Deps, email: string) {
  const [row] = await deps.db.select().from(users).where(eq(users.email, email));
  if (!row) throw new Error(`demo account missing: ${email}`);
  return toActor(row, 'session');
}

/** A one-page text standing in for the specimen of the applicant's KP certificate. */
const SPECIMEN = [
  'SPECIMEN — KIMBERLEY PROCESS CERTIFICATE (demo)',
  'Republic of Zambia — Ministry of Mines and Minerals Development, KP Office (fictional demo applicant)',
  'Certificate no. ZM 000000 · Security features: watermark, serial number, hologram',
  'Fields as in Annex I of the KPCS core document.',
].join('\n');

/**
 * The fictional demo applicant's application for admission (see DEMO_APPLICANT), through the use
 * cases its administrator and the CPC use: filed with its legislation, authorities, contacts and a
 * certificate specimen, submitted, taken up by the CPC with one question still open. Nothing
 * changes the register. Runs once, and only while the applicant stands in the register as one.
 */
export async function seedDemoAdmission(deps: Deps): Promise<void> {
  const [existing] = await deps.db.select({ id: admissionApplications.id }).from(admissionApplications).where(eq(admissionApplications.applicantCode, APPLICANT)).limit(1);
  if (existing) return;
  if ((await participantStatusOn(deps.db, APPLICANT, todayUtc(deps.now()))) !== 'applicant') return;
  const applicant = await actor(deps, 'admin.zm@demo.test');
  const cpc = await actor(deps, 'cpc@demo.test');
  const { id } = await openApplication({ actor: applicant }, deps);
  await saveApplication(
    {
      actor: applicant,
      id,
      content: {
        legislation: '(demo, fictional) Mines and Minerals Development Act; draft Kimberley Process Certification Scheme Regulations awaiting promulgation.',
        authorities: [{ name: 'Ministry of Mines and Minerals Development, KP Office (demo)', address: 'Lusaka (demo address)', email: 'kp.office@demo.test', phone: '+260 0 000 000' }],
        contacts: [{ name: 'KP focal point (demo)', position: 'Joint Secretary (Export)', email: 'focal.zm@demo.test', phone: '' }],
        internalControls: '(demo) Rough diamonds would enter and leave only through Lusaka international airport, by licensed dealers, in sealed tamper-proof containers checked by Customs against the KP certificate.',
        statisticsCapability: '(demo) Customs records trade by HS 7102 sub-heading; the KP Office would compile half-yearly trade figures.',
      },
    },
    deps,
  );
  await attachApplicationFile(
    { actor: applicant, id, file: { kind: 'certificate_specimen', fileName: 'zm-kp-certificate-specimen.txt', mediaType: 'text/plain', contentBase64: Buffer.from(SPECIMEN).toString('base64') } },
    deps,
  );
  await submitApplication({ actor: applicant, id }, deps);
  await startAssessment({ actor: cpc, id }, deps);
  await addApplicationMessage(
    { actor: cpc, id, draft: { kind: 'question', body: 'Which body will validate export certificates, and how will its officers be trained to check the security features of the specimen? (demo)', language: 'en' } },
    deps,
  );
}
