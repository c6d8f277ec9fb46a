import { DirectionProvider, MantineProvider } from '@mantine/core';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { lazy, Suspense, type ReactNode } from 'react';
import { SessionProvider, useSession } from './auth.tsx';
import { Loading } from './components/Page.tsx';
import { directionOf, currentLanguage } from './i18n.ts';
import { Shell } from './Shell.tsx';
import { cssVariablesResolver, theme } from './theme.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { ParticipantPage } from './pages/ParticipantPage.tsx';
import { OperatorsPage, OwnOperatorsRedirect } from './pages/OperatorsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { CertificatesPage } from './pages/CertificatesPage.tsx';
import { CertificateDetailPage } from './pages/CertificateDetailPage.tsx';
import { IssueCertificatePage, ReplaceCertificatePage } from './pages/IssueCertificatePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { AlertsPage } from './pages/AlertsPage.tsx';
import { AlertDetailPage } from './pages/AlertDetailPage.tsx';
import { AnomaliesPage } from './pages/AnomaliesPage.tsx';
import { AnomalyDetailPage } from './pages/AnomalyDetailPage.tsx';
import { VerificationAttemptsPage } from './pages/VerificationAttemptsPage.tsx';
import { ProductionPage } from './pages/ProductionPage.tsx';
import { StatisticsImportPage } from './pages/StatisticsImportPage.tsx';
import { DecisionsPage } from './pages/DecisionsPage.tsx';
import { EmbargoesPage } from './pages/EmbargoesPage.tsx';
import { FootprintPage, FootprintsPage } from './pages/FootprintsPage.tsx';
import { ShipmentApprovalsPage } from './pages/ShipmentApprovalsPage.tsx';
import { DecisionFormPage } from './pages/DecisionFormPage.tsx';
import { DecisionDetailPage } from './pages/DecisionDetailPage.tsx';
import { AnnualReportsPage } from './pages/AnnualReportsPage.tsx';
import { AnnualReportPage } from './pages/AnnualReportPage.tsx';
import { PeerReviewsPage } from './pages/PeerReviewsPage.tsx';
import { PeerReviewPage } from './pages/PeerReviewPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { AdmissionPage } from './pages/AdmissionPage.tsx';
import { AdmissionApplicationPage } from './pages/AdmissionApplicationPage.tsx';
import { BodiesPage, BodyPage } from './pages/BodiesPage.tsx';
import { CustodyPage } from './pages/CustodyPage.tsx';
import { CustodySitesPage } from './pages/CustodySitesPage.tsx';
import { CustodyReportsPage } from './pages/CustodyReportsPage.tsx';

// the verifier brings zod and the certificate schemas: loaded only when the page is opened
const VerifyScanPage = lazy(() => import('./pages/VerifyScanPage.tsx').then((module) => ({ default: module.VerifyScanPage })));
// the public statistics bring ECharts: a chunk of their own, not part of the staff bundle
const StatisticsApp = lazy(() => import('./pages/statistics/StatisticsApp.tsx'));

function RequireSession({ children }: { children: ReactNode }) {
  const { me, ready, signedOut } = useSession();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={signedOut ? null : { from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function App() {
  return (
    <DirectionProvider initialDirection={directionOf(currentLanguage())} detectDirection>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/statistics/*"
                element={
                  <Suspense fallback={<Loading />}>
                    <StatisticsApp />
                  </Suspense>
                }
              />
              <Route
                element={
                  <RequireSession>
                    <Shell />
                  </RequireSession>
                }
              >
                <Route index element={<HomePage />} />
                <Route path="participants" element={<RegisterPage />} />
                <Route path="participants/:code" element={<ParticipantPage />} />
                <Route path="participants/:code/operators" element={<OperatorsPage />} />
                <Route path="operators" element={<OwnOperatorsRedirect />} />
                <Route path="certificates" element={<CertificatesPage />} />
                <Route path="certificates/new" element={<IssueCertificatePage />} />
                <Route path="certificates/:number" element={<CertificateDetailPage />} />
                <Route path="certificates/:number/replace" element={<ReplaceCertificatePage />} />
                <Route
                  path="verify-scan"
                  element={
                    <Suspense fallback={<Loading />}>
                      <VerifyScanPage />
                    </Suspense>
                  }
                />
                <Route path="alerts" element={<AlertsPage />} />
                <Route path="alerts/:id" element={<AlertDetailPage />} />
                <Route path="anomalies" element={<AnomaliesPage />} />
                <Route path="anomalies/:id" element={<AnomalyDetailPage />} />
                <Route path="verification-attempts" element={<VerificationAttemptsPage />} />
                <Route path="production" element={<ProductionPage />} />
                <Route path="production/import" element={<StatisticsImportPage />} />
                <Route path="decisions" element={<DecisionsPage />} />
                <Route path="embargoes" element={<EmbargoesPage />} />
                <Route path="footprints" element={<FootprintsPage />} />
                <Route path="footprints/:areaId" element={<FootprintPage />} />
                <Route path="shipment-approvals" element={<ShipmentApprovalsPage />} />
                <Route path="decisions/new" element={<DecisionFormPage />} />
                <Route path="decisions/:id" element={<DecisionDetailPage />} />
                <Route path="annual-reports" element={<AnnualReportsPage />} />
                <Route path="annual-reports/:code/:year" element={<AnnualReportPage />} />
                <Route path="peer-reviews" element={<PeerReviewsPage />} />
                <Route path="peer-reviews/:id" element={<PeerReviewPage />} />
                <Route path="admission" element={<AdmissionPage />} />
                <Route path="admission/:id" element={<AdmissionApplicationPage />} />
                <Route path="bodies" element={<BodiesPage />} />
                <Route path="bodies/:code" element={<BodyPage />} />
                <Route path="custody" element={<CustodyPage />} />
                <Route path="custody/sites" element={<CustodySitesPage />} />
                <Route path="custody/reports" element={<CustodyReportsPage />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="account" element={<AccountPage />} />
                <Route path="notifications" element={<NotificationsPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}
