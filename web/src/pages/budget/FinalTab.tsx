import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { budgetApi, type BudgetView, type ExecutionView, type FinalAccounts, type FinalAccountsLine } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatFen } from '../../format';
import { needsExplanation, signedFen, yearOver } from './budgetUtil';

const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** 决算: the published final accounts; before they exist, the trustee's form to publish them. */
export function FinalTab({ code, budget, canPublish, onPublished }: { code: string; budget: BudgetView; canPublish: boolean; onPublished: () => void }) {
  const { t } = useTranslation();
  if (budget.finalAccounts) return <FinalAccountsView f={budget.finalAccounts} />;
  if (!canPublish || budget.inForce === null || !yearOver(budget.year)) return (
      <Empty
        description={
          <>
            {t('budget.final.none')}
            <br />
            <Typography.Text type="secondary">{t('budget.final.notYet')}</Typography.Text>
          </>
        }
      />
    );
  return <FinalAccountsForm code={code} year={budget.year} onPublished={onPublished} />;
}

function FinalAccountsView({ f }: { f: FinalAccounts }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} data-testid="budget-final">
      <Card size="small" title={t('budget.final.summary')} extra={<Typography.Text type="secondary">{t('budget.final.publishedAt', { date: formatDate(f.publishedAt) })}</Typography.Text>}>
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{f.summary}</Typography.Paragraph>
      </Card>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<FinalAccountsLine>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={f.lines}
          scroll={{ x: 640 }}
          columns={[
            { key: 'name', title: t('budget.lines.name'), fixed: 'left', width: 140, render: (_, l) => <span><Typography.Text type="secondary">{l.code}</Typography.Text> {l.name}</span> },
            { key: 'budget', title: t('budget.final.budget'), align: 'right', render: (_, l) => <span style={NUM}>{formatFen(l.budgetFen)}</span> },
            { key: 'actual', title: t('budget.final.actual'), align: 'right', render: (_, l) => <span style={NUM}>{formatFen(l.actualFen)}</span> },
            { key: 'variance', title: t('budget.final.varianceColumn'), align: 'right', render: (_, l) => <span style={{ ...NUM, color: l.varianceFen < 0 ? '#cf1322' : undefined }}>{signedFen(l.varianceFen)}</span> },
            { key: 'explanation', title: t('budget.final.explanation'), render: (_, l) => <Typography.Text style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{l.explanation ?? '—'}</Typography.Text> },
          ]}
          summary={() => {
            const sum = (k: 'budgetFen' | 'actualFen' | 'varianceFen') => f.lines.reduce((n, l) => n + l[k], 0);
            return (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('budget.execution.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <span style={NUM}>{formatFen(sum('budgetFen'))}</span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <span style={NUM}>{formatFen(sum('actualFen'))}</span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <span style={{ ...NUM, color: sum('varianceFen') < 0 ? '#cf1322' : undefined }}>{signedFen(sum('varianceFen'))}</span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} />
              </Table.Summary.Row>
            );
          }}
        />
      </Card>
    </Flex>
  );
}

function FinalAccountsForm({ code, year, onPublished }: { code: string; year: number; onPublished: () => void }) {
  const exec = useRequest((signal) => budgetApi.execution(code, year, signal), [code, year]);
  if (exec.error) return <ErrorAlert error={exec.error} onRetry={exec.reload} />;
  if (!exec.data) return <PageLoading />;
  return <FinalForm code={code} year={year} d={exec.data} onPublished={onPublished} />;
}

function FinalForm({ code, year, d, onPublished }: { code: string; year: number; d: ExecutionView; onPublished: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useAction();
  const [summary, setSummary] = useState('');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  const missing = d.rows.filter((r) => needsExplanation(r.budgetFen, r.actualFen) && !texts[r.code]?.trim()).map((r) => r.code);
  const invalid = !summary.trim() || missing.length > 0;
  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const explanations = d.rows.filter((r) => texts[r.code]?.trim()).map((r) => ({ line: r.code, text: texts[r.code]!.trim() }));
    const r = await action.run(() => budgetApi.publishFinalAccounts(code, year, { summary: summary.trim(), explanations }));
    if (!r) return;
    void message.success(t('budget.final.done'));
    onPublished();
  };
  return (
    <Card size="small" title={t('budget.final.formTitle')} data-testid="budget-final-form">
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('budget.final.formIntro')} />
        <div>
          <Typography.Text strong>{t('budget.final.summary')}</Typography.Text>
          <Input.TextArea rows={3} maxLength={5000} value={summary} onChange={(e) => setSummary(e.target.value)} placeholder={t('budget.final.summaryPlaceholder')} status={touched && !summary.trim() ? 'error' : undefined} data-testid="budget-final-summary" />
          {touched && !summary.trim() && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('budget.final.summaryRequired')}</Typography.Text>}
        </div>
        {d.rows.map((r) => {
          const needs = needsExplanation(r.budgetFen, r.actualFen);
          const bad = touched && missing.includes(r.code);
          return (
            <Flex key={r.code} vertical gap={4} data-testid="budget-final-line" data-code={r.code}>
              <Flex justify="space-between" wrap gap={8}>
                <Typography.Text>
                  <Typography.Text type="secondary">{r.code}</Typography.Text> {r.name} {needs && <Tag color="orange">{t('budget.final.needs')}</Tag>}
                </Typography.Text>
                <Typography.Text style={NUM} type="secondary">
                  {formatFen(r.budgetFen)} → {formatFen(r.actualFen)}（{t('budget.final.variance')} {signedFen(r.budgetFen - r.actualFen)}）
                </Typography.Text>
              </Flex>
              <Input.TextArea
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                value={texts[r.code] ?? ''}
                onChange={(e) => setTexts((x) => ({ ...x, [r.code]: e.target.value }))}
                placeholder={t('budget.final.explanationPlaceholder')}
                status={bad ? 'error' : undefined}
              />
              {bad && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('budget.final.explanationRequired')}</Typography.Text>}
            </Flex>
          );
        })}
        {action.error && <ErrorAlert error={action.error} />}
        <Popconfirm title={t('budget.final.submit')} description={t('budget.final.confirm')} okText={t('budget.final.submit')} cancelText={t('common.cancel')} onConfirm={() => void submit()} disabled={invalid}>
          <Button type="primary" loading={action.busy} onClick={() => invalid && setTouched(true)} style={{ alignSelf: 'start' }} data-testid="budget-final-submit">
            {t('budget.final.submit')}
          </Button>
        </Popconfirm>
      </Flex>
    </Card>
  );
}
