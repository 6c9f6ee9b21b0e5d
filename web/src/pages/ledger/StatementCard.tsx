import { Alert, Card, Col, Empty, Flex, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type AccountAmount, type Statement } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatFen } from '../../format';
import { formatRateBp, shortHash } from './ledgerUtil';
import { accountLabel } from './names';

/** A month's or a year's statement: income and expense by account, fund balance, remuneration, checkpoint. */
export function StatementCard({ code, query }: { code: string; query: { period: string } | { year: number } }) {
  const { t } = useTranslation();
  const key = 'year' in query ? `y${query.year}` : query.period;
  const { data, error, loading, reload } = useRequest((signal) => api.statement(code, query, signal), [code, key]);

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const title = 'year' in query ? t('ledger.periodYear', { year: query.year }) : t('ledger.periodMonth', { period: query.period });

  return (
    <Card size="small" title={title} data-testid="statement" style={{ opacity: loading ? 0.6 : 1 }}>
      <Flex vertical gap={16}>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('ledger.totalIncome')} value={formatFen(data.incomeFen)} data-testid="statement-income-total" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('ledger.totalExpense')} value={formatFen(data.expenseFen)} data-testid="statement-expense-total" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('ledger.surplus')}
              value={formatFen(data.surplusFen)}
              styles={{ content: { color: data.surplusFen < 0 ? '#cf1322' : undefined } }}
              data-testid="statement-surplus"
            />
          </Col>
          <Col xs={12} md={6}>
            <Tooltip title={t('ledger.fundBalanceHint')}>
              <Statistic title={t('ledger.fundBalance')} value={formatFen(data.fundBalanceFen)} data-testid="statement-fund-balance" />
            </Tooltip>
          </Col>
        </Row>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <AmountTable testId="statement-income" title={t('ledger.income')} rows={data.income} totalFen={data.incomeFen} empty={t('ledger.noIncome')} />
          </Col>
          <Col xs={24} md={12}>
            <AmountTable testId="statement-expense" title={t('ledger.expense')} rows={data.expense} totalFen={data.expenseFen} empty={t('ledger.noExpense')} />
          </Col>
        </Row>
        <Remuneration data={data} />
        <Checkpoint data={data} />
      </Flex>
    </Card>
  );
}

function AmountTable({ title, rows, totalFen, empty, testId }: { title: string; rows: AccountAmount[]; totalFen: number; empty: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table
      data-testid={testId}
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      columns={[
        { key: 'account', title, render: (_, a) => accountLabel(a) },
        { key: 'amount', title: t('ledger.amount'), align: 'right', render: (_, a) => formatFen(a.amountFen), width: 140 },
      ]}
      summary={() =>
        rows.length ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('ledger.trialTotal')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong>{formatFen(totalFen)}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}

function Remuneration({ data }: { data: Statement }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} data-testid="statement-remuneration">
      <Typography.Text strong>{t('ledger.remuneration')}</Typography.Text>
      {data.remuneration.length === 0 ? (
        <Typography.Text type="secondary">{t('ledger.noRemuneration')}</Typography.Text>
      ) : (
        data.remuneration.map((r) => (
          <Typography.Text key={r.seq} data-testid="remuneration-line">
            {t('ledger.remunerationLine', { period: r.period, base: formatFen(r.baseFen), rate: formatRateBp(r.rateBp), result: formatFen(r.amountFen) })}
            {r.deductionFen > 0 && t('ledger.remunerationDeduction', { deduction: formatFen(r.deductionFen) })}
          </Typography.Text>
        ))
      )}
    </Flex>
  );
}

function Checkpoint({ data }: { data: Statement }) {
  const { t } = useTranslation();
  if (!data.checkpoint) {
    // a yearly statement shows the checkpoint only once December is closed
    return data.from === data.to ? <Alert type="info" showIcon title={t('ledger.notClosed')} data-testid="statement-checkpoint" /> : null;
  }
  return (
    <Flex gap={8} wrap align="baseline" data-testid="statement-checkpoint">
      <Typography.Text strong>{t('ledger.checkpoint')}</Typography.Text>
      <Tooltip title={data.checkpoint.hash}>
        <Typography.Text code copyable={{ text: data.checkpoint.hash }}>
          {t('ledger.checkpointValue', { seq: data.checkpoint.seq, hash: shortHash(data.checkpoint.hash) })}
        </Typography.Text>
      </Tooltip>
    </Flex>
  );
}
