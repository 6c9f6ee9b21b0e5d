import { Card, Empty, Flex, Table, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { budgetApi, type ExecutionRow, type ExecutionView } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatFen, formatPercent } from '../../format';
import { LinesChart, MonthlyChart } from './BudgetCharts';

const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

type Row = Omit<ExecutionRow, 'months'> & { kind: 'line' | 'unbudgeted' };

/** 执行情况: budget against the ledger's actual spending per line and month, with what is committed and what remains. */
export function ExecutionTab({ code, year }: { code: string; year: number }) {
  const { t } = useTranslation();
  const exec = useRequest((signal) => budgetApi.execution(code, year, signal), [code, year]);
  if (exec.error) return <ErrorAlert error={exec.error} onRetry={exec.reload} />;
  if (!exec.data) return <PageLoading />;
  const d = exec.data;
  if (d.version === null) return <Empty description={t('budget.execution.noVersion')} data-testid="budget-execution-empty" />;
  return (
    <Flex vertical gap={12} data-testid="budget-execution">
      <Typography.Text type="secondary">{t('budget.execution.asOf', { n: d.version, date: formatDate(d.asOf) })}</Typography.Text>
      <ExecutionTable d={d} />
      <Card size="small" title={t('budget.execution.chartByLine')}>
        <LinesChart data={d} />
      </Card>
      <Card size="small" title={t('budget.execution.chartMonthly')}>
        <MonthlyChart data={d} />
      </Card>
    </Flex>
  );
}

function Money({ fen, negativeRed }: { fen: number; negativeRed?: boolean }) {
  return <span style={{ ...NUM, color: negativeRed && fen < 0 ? '#cf1322' : undefined, fontWeight: negativeRed && fen < 0 ? 600 : undefined }}>{formatFen(fen)}</span>;
}

export function ExecutionTable({ d }: { d: ExecutionView }) {
  const { t } = useTranslation();
  const rows: Row[] = [
    ...d.rows.map((r) => ({ ...r, kind: 'line' as const })),
    ...(d.unbudgeted.actualFen !== 0
      ? [{ kind: 'unbudgeted' as const, code: '—', name: t('budget.execution.unbudgeted'), account: '', budgetFen: 0, actualFen: d.unbudgeted.actualFen, committedFen: 0, remainingFen: -d.unbudgeted.actualFen }]
      : []),
  ];
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <Table<Row>
        size="small"
        rowKey={(r) => `${r.kind}-${r.code}`}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 640 }}
        data-testid="budget-execution-table"
        onRow={(r) => ({ 'data-testid': 'budget-execution-row', 'data-code': r.code, 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('budget.lines.name'),
            fixed: 'left',
            width: 150,
            render: (_, r) =>
              r.kind === 'unbudgeted' ? (
                <Tooltip title={t('budget.execution.unbudgetedHint')}>
                  <Typography.Text type="warning">
                    {r.name} <QuestionCircleOutlined />
                  </Typography.Text>
                </Tooltip>
              ) : (
                <span>
                  <Typography.Text type="secondary">{r.code}</Typography.Text> {r.name}
                </span>
              ),
          },
          { key: 'budget', title: t('budget.execution.budget'), align: 'right', render: (_, r) => (r.kind === 'line' ? <Money fen={r.budgetFen} /> : '—') },
          { key: 'actual', title: t('budget.execution.actual'), align: 'right', render: (_, r) => <Money fen={r.actualFen} /> },
          { key: 'committed', title: t('budget.execution.committed'), align: 'right', render: (_, r) => (r.kind === 'line' ? <Money fen={r.committedFen} /> : '—') },
          { key: 'remaining', title: t('budget.execution.remaining'), align: 'right', render: (_, r) => (r.kind === 'line' ? <span data-testid="budget-execution-remaining"><Money fen={r.remainingFen} negativeRed /></span> : '—') },
          { key: 'rate', title: t('budget.execution.rate'), align: 'right', render: (_, r) => (r.kind === 'line' ? <span style={NUM}>{formatPercent(r.actualFen, r.budgetFen)}</span> : '—') },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('budget.execution.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Money fen={d.totals.budgetFen} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Money fen={d.totals.actualFen + d.unbudgeted.actualFen} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Money fen={d.totals.committedFen} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Money fen={d.totals.remainingFen} negativeRed />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <span style={NUM}>{formatPercent(d.totals.actualFen, d.totals.budgetFen)}</span>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}
