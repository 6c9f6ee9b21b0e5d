import { Alert, Button, Card, Col, Flex, Progress, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { budgetApi, type BudgetSummary, type ExecutionView } from '../../api';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatFen } from '../../format';
import { budgetPath, budgetsPath } from './budgetUtil';

interface CardData {
  current: BudgetSummary | null;
  execution: ExecutionView | null;
  consulting: BudgetSummary | null;
}

/** The budget in force for this year (else the latest year with one in force), and a year whose budget is in consultation. */
async function load(code: string, signal: AbortSignal): Promise<CardData> {
  const { items } = await budgetApi.budgets(code, signal);
  const thisYear = new Date().getFullYear();
  const inForce = items.filter((b) => b.inForce !== null).sort((a, b) => b.year - a.year);
  const current = inForce.find((b) => b.year === thisYear) ?? inForce.find((b) => b.year < thisYear) ?? inForce[0] ?? null;
  const consulting = items.filter((b) => b.state === 'consultation').sort((a, b) => b.year - a.year)[0] ?? null;
  const execution = current ? await budgetApi.execution(code, current.year, signal) : null;
  return { current, execution, consulting };
}

/** The community page's card: the budget in force, planned against spent to date from the ledger, and an invitation to comment while a budget is in consultation. */
export function PublicBudgetCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const { data, error } = useRequest((signal) => load(code, signal), [code]);
  // a summary: when the server cannot answer (or there is no budget yet), the card does not show
  if (error || !data || (!data.current && !data.consulting)) return null;
  const { current, execution, consulting } = data;
  const totals = execution?.totals;
  const spent = totals ? totals.actualFen + (execution?.unbudgeted.actualFen ?? 0) : 0;
  const percent = totals && totals.budgetFen > 0 ? Math.min(100, Math.trunc((spent * 100) / totals.budgetFen)) : 0;

  return (
    <Card
      size="small"
      title={current ? t('budget.card.title', { year: current.year }) : t('budget.title')}
      extra={<Link to={current ? budgetPath(code, current.year, 'execution') : budgetsPath(code)}>{t('budget.card.details')}</Link>}
      data-testid="community-budget"
    >
      <Flex vertical gap={12}>
        {consulting && (
          <Alert
            type="info"
            showIcon
            title={t('budget.card.consultation', { year: consulting.year })}
            action={
              <Link to={budgetPath(code, consulting.year)}>
                <Button size="small" type="primary" data-testid="community-budget-consult">
                  {t('budget.card.consultationAction')}
                </Button>
              </Link>
            }
          />
        )}
        {totals && (
          <>
            <Row gutter={[16, 8]}>
              <Col xs={8}>
                <Statistic title={t('budget.card.planned')} value={formatFen(totals.budgetFen)} styles={{ content: { fontSize: 16 } }} />
              </Col>
              <Col xs={8}>
                <Statistic title={t('budget.card.actual')} value={formatFen(spent)} styles={{ content: { fontSize: 16 } }} data-testid="community-budget-actual" />
              </Col>
              <Col xs={8}>
                <Statistic title={t('budget.card.remaining')} value={formatFen(totals.remainingFen)} styles={{ content: { fontSize: 16, color: totals.remainingFen < 0 ? '#cf1322' : undefined } }} />
              </Col>
            </Row>
            <Progress percent={percent} strokeColor="#1f6f5c" format={() => `${percent}%`} aria-label={t('budget.card.progress')} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('budget.card.asOf', { date: formatDate(execution!.asOf) })}
            </Typography.Text>
          </>
        )}
      </Flex>
    </Card>
  );
}
