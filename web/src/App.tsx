import { Suspense, lazy } from 'react';
import { App as AntApp, ConfigProvider, Layout, Typography } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { SessionProvider } from './session/SessionContext';
import { AppHeader } from './components/AppHeader';
import { PageLoading } from './components/PageLoading';
import { theme } from './theme';

const HomePage = lazy(() => import('./pages/public/HomePage'));
const CommunityPage = lazy(() => import('./pages/public/CommunityPage'));
const NotFoundPage = lazy(() => import('./pages/public/NotFoundPage'));
const LoginPage = lazy(() => import('./pages/auth/LoginPage'));
const MyUnitsPage = lazy(() => import('./pages/register/MyUnitsPage'));
const RegisterPage = lazy(() => import('./pages/register/RegisterPage'));
const LedgerPage = lazy(() => import('./pages/ledger/LedgerPage'));
const EntryPage = lazy(() => import('./pages/ledger/EntryPage'));
const EntryFormPage = lazy(() => import('./pages/ledger/EntryFormPage'));
const MyPaymentsPage = lazy(() => import('./pages/ledger/MyPaymentsPage'));
const MyBillsPage = lazy(() => import('./pages/billing/MyBillsPage'));
const ReceiptPage = lazy(() => import('./pages/billing/ReceiptPage'));
const ReminderPage = lazy(() => import('./pages/billing/ReminderPage'));
const BillingPage = lazy(() => import('./pages/billing/BillingPage'));
const DecisionsPage = lazy(() => import('./pages/decisions/DecisionsPage'));
const DecisionPage = lazy(() => import('./pages/decisions/DecisionPage'));
const NewDecisionPage = lazy(() => import('./pages/decisions/NewDecisionPage'));
const CommitteePage = lazy(() => import('./pages/decisions/CommitteePage'));
const MyWorkOrdersPage = lazy(() => import('./pages/quality/MyWorkOrdersPage'));
const NewWorkOrderPage = lazy(() => import('./pages/quality/NewWorkOrderPage'));
const WorkOrderPage = lazy(() => import('./pages/quality/WorkOrderPage'));
const QualityPage = lazy(() => import('./pages/quality/QualityPage'));
const BudgetsPage = lazy(() => import('./pages/budget/BudgetsPage'));
const BudgetPage = lazy(() => import('./pages/budget/BudgetPage'));
const SpendingPage = lazy(() => import('./pages/budget/SpendingPage'));
const NewProposalPage = lazy(() => import('./pages/budget/NewProposalPage'));
const ProposalPage = lazy(() => import('./pages/budget/ProposalPage'));

export function App() {
  const { t, i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUSLocale : zhCNLocale} theme={theme}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Layout style={{ minHeight: '100vh' }}>
              <AppHeader />
              <Layout.Content style={{ width: '100%', maxWidth: 1200, margin: '0 auto', padding: 'clamp(12px, 3vw, 24px)' }}>
                <Suspense fallback={<PageLoading />}>
                  <Routes>
                    <Route path="/" element={<HomePage />} />
                    <Route path="/login" element={<LoginPage />} />
                    <Route path="/me/units" element={<MyUnitsPage />} />
                    <Route path="/c/:code" element={<CommunityPage />} />
                    <Route path="/c/:code/register" element={<RegisterPage />} />
                    <Route path="/c/:code/ledger" element={<LedgerPage />} />
                    <Route path="/c/:code/ledger/new" element={<EntryFormPage />} />
                    <Route path="/c/:code/ledger/entries/:seq" element={<EntryPage />} />
                    <Route path="/me/payments" element={<MyPaymentsPage />} />
                    <Route path="/me/bills" element={<MyBillsPage />} />
                    <Route path="/me/receipts/:id" element={<ReceiptPage />} />
                    <Route path="/me/reminders/:id" element={<ReminderPage />} />
                    <Route path="/c/:code/billing" element={<BillingPage />} />
                    <Route path="/c/:code/billing/receipts/:id" element={<ReceiptPage />} />
                    <Route path="/c/:code/billing/reminders/:id" element={<ReminderPage />} />
                    <Route path="/c/:code/decisions" element={<DecisionsPage />} />
                    <Route path="/c/:code/decisions/new" element={<NewDecisionPage />} />
                    <Route path="/c/:code/decisions/:id" element={<DecisionPage />} />
                    <Route path="/c/:code/committee" element={<CommitteePage />} />
                    <Route path="/me/work-orders" element={<MyWorkOrdersPage />} />
                    <Route path="/me/work-orders/new" element={<NewWorkOrderPage />} />
                    <Route path="/c/:code/work-orders/:id" element={<WorkOrderPage />} />
                    <Route path="/c/:code/quality" element={<QualityPage />} />
                    <Route path="/c/:code/budgets" element={<BudgetsPage />} />
                    <Route path="/c/:code/budgets/:year" element={<BudgetPage />} />
                    <Route path="/c/:code/spending" element={<SpendingPage />} />
                    <Route path="/c/:code/spending/new" element={<NewProposalPage />} />
                    <Route path="/c/:code/spending/:id" element={<ProposalPage />} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Routes>
                </Suspense>
              </Layout.Content>
              <Layout.Footer style={{ textAlign: 'center', padding: '16px 12px' }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('app.footer')}
                </Typography.Text>
              </Layout.Footer>
            </Layout>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
