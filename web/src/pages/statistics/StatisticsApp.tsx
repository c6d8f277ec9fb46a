import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { AnnualReportsFiledPage } from './AnnualReportsFiledPage.tsx';
import { ChairmanshipsPage } from './ChairmanshipsPage.tsx';
import { GlobalStatisticsPage } from './GlobalStatisticsPage.tsx';
import { MissingReturnsPage } from './MissingReturnsPage.tsx';
import { ParticipantStatisticsPage } from './ParticipantStatisticsPage.tsx';
import { PublicStatisticsLayout } from './PublicStatisticsLayout.tsx';
import { RankingsPage } from './RankingsPage.tsx';

/** The public statistics under `/statistics`, one lazily loaded chunk (ECharts included). */
export default function StatisticsApp() {
  return (
    <Routes>
      <Route element={<PublicStatisticsLayout />}>
        <Route index element={<GlobalStatisticsPage />} />
        <Route path="participants/:code" element={<ParticipantStatisticsPage />} />
        <Route path="rankings" element={<RankingsPage />} />
        <Route path="missing-returns" element={<MissingReturnsPage />} />
        <Route path="annual-reports" element={<AnnualReportsFiledPage />} />
        <Route path="chairs" element={<ChairmanshipsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
