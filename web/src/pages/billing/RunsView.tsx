import { useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { EyeOutlined, CheckOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type BillRun, type BillingPeriodKind, type RunPreview, type RunResult, type UnitKind } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatAreaCm2, formatCount, formatFen } from '../../format';
import { newIdempotencyKey } from '../ledger/ledgerUtil';
import { entryPath } from './billingUtil';

/** 开账: the bill runs issued, and (for the trustee) preview → confirm of a new one. */
export function RunsView({ code, canIssue }: { code: string; canIssue: boolean }) {
  const { t } = useTranslation();
  const runs = useRequest((signal) => api.billRuns(code, signal), [code]);

  return (
    <Flex vertical gap={16} data-testid="runs">
      {canIssue && <RunForm code={code} onIssued={runs.reload} />}
      <Card size="small" title={t('runs.listTitle')} styles={{ body: { padding: 0 } }}>
        {runs.error ? (
          <ErrorAlert error={runs.error} onRetry={runs.reload} />
        ) : (
          <Table<BillRun>
            size="small"
            rowKey="id"
            loading={runs.loading}
            dataSource={[...(runs.data ?? [])].sort((a, b) => b.firstMonth.localeCompare(a.firstMonth) || b.id - a.id)}
            scroll={{ x: 'max-content' }}
            pagination={{ defaultPageSize: 12, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.empty')} /> }}
            onRow={() => ({ 'data-testid': 'run-row' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'period',
                title: t('runs.period'),
                render: (_, r) => (
                  <Flex gap={4} align="center" style={{ whiteSpace: 'nowrap' }}>
                    <Typography.Text strong>{r.period}</Typography.Text>
                    {r.supplementary && <Tag color="purple">{t('runs.supplementary')}</Tag>}
                  </Flex>
                ),
              },
              { key: 'months', title: t('runs.months'), render: (_, r) => (r.firstMonth === r.lastMonth ? r.firstMonth : `${r.firstMonth} ~ ${r.lastMonth}`) },
              { key: 'issued', title: t('runs.issuedOn'), dataIndex: 'issuedOn' },
              { key: 'due', title: t('runs.dueOn'), dataIndex: 'dueOn' },
              { key: 'count', title: t('runs.billCount'), dataIndex: 'billCount', align: 'right', render: (n: number) => formatCount(n) },
              { key: 'total', title: t('runs.total'), dataIndex: 'totalFen', align: 'right', render: (f: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(f)}</span> },
              { key: 'seq', title: t('runs.ledger'), dataIndex: 'ledgerSeq', render: (s: number | null) => (s === null ? '—' : <Link to={entryPath(code, s)}>#{s}</Link>) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

/** The period text the API takes: "2026-05", "2026-Q2" or "2026". */
function periodText(kind: BillingPeriodKind, d: Dayjs): string {
  if (kind === 'year') return d.format('YYYY');
  if (kind === 'quarter') return `${d.format('YYYY')}-Q${Math.floor(d.month() / 3) + 1}`;
  return d.format('YYYY-MM');
}

function RunForm({ code, onIssued }: { code: string; onIssued: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<BillingPeriodKind>('month');
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [supplementary, setSupplementary] = useState(false);
  // the key is made with the preview: confirming it twice (or retrying a lost response) issues one run
  const [preview, setPreview] = useState<{ data: RunPreview; key: string } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'issue' | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [issued, setIssued] = useState<RunResult | null>(null);
  const period = periodText(kind, date);

  const reset = () => {
    setPreview(null);
    setError(null);
    setIssued(null);
  };

  const doPreview = async () => {
    setBusy('preview');
    reset();
    try {
      setPreview({ data: await api.previewRun(code, period, supplementary || undefined), key: newIdempotencyKey() });
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(null);
    }
  };

  const issue = async () => {
    if (!preview) return;
    setBusy('issue');
    setError(null);
    try {
      const r = await api.issueRun(code, { period: preview.data.period, supplementary: supplementary || undefined, idempotencyKey: preview.key });
      setIssued(r);
      setPreview(null);
      onIssued();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={t('runs.formTitle')} data-testid="run-form">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Segmented
            value={kind}
            onChange={(v) => {
              setKind(v as BillingPeriodKind);
              reset();
            }}
            options={[
              { value: 'month', label: t('runs.kindMonth') },
              { value: 'quarter', label: t('runs.kindQuarter') },
              { value: 'year', label: t('runs.kindYear') },
            ]}
            data-testid="run-kind"
          />
          <DatePicker
            picker={kind}
            allowClear={false}
            value={date}
            format={(d) => periodText(kind, d)}
            onChange={(d) => {
              if (d) setDate(d);
              reset();
            }}
            data-testid="run-period"
          />
          <Checkbox
            checked={supplementary}
            onChange={(e) => {
              setSupplementary(e.target.checked);
              reset();
            }}
          >
            {t('runs.supplementaryCheck')}
          </Checkbox>
          <Button icon={<EyeOutlined />} onClick={() => void doPreview()} loading={busy === 'preview'} data-testid="run-preview">
            {t('runs.preview')}
          </Button>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('runs.hint')}
        </Typography.Text>
        {error && <Alert type="error" showIcon title={error.message} data-testid="run-error" />}
        {issued && (
          <Alert
            type="success"
            showIcon
            data-testid="run-issued"
            title={issued.created ? t('runs.issued', { period: issued.period, count: issued.billCount, total: formatFen(issued.totalFen) }) : t('runs.issuedAgain', { period: issued.period })}
            description={
              <Flex vertical>
                {issued.appliedPrepaymentFen > 0 && <span>{t('runs.appliedPrepayment', { amount: formatFen(issued.appliedPrepaymentFen) })}</span>}
                {issued.ledgerSeq !== null && <Link to={entryPath(code, issued.ledgerSeq)}>{t('billing.ledgerEntry', { seq: issued.ledgerSeq })}</Link>}
              </Flex>
            }
          />
        )}
        {preview && <PreviewPanel p={preview.data} issuing={busy === 'issue'} onIssue={() => void issue()} />}
      </Flex>
    </Card>
  );
}

function PreviewPanel({ p, issuing, onIssue }: { p: RunPreview; issuing: boolean; onIssue: () => void }) {
  const { t } = useTranslation();
  const kindLabel = (k: string) => t(`kind.${k as UnitKind}`, { defaultValue: k });
  return (
    <Flex vertical gap={12} data-testid="run-preview-result" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'period', label: t('runs.period'), children: t('runs.periodRange', { period: p.period, range: p.firstMonth === p.lastMonth ? p.firstMonth : `${p.firstMonth} ~ ${p.lastMonth}` }) },
          { key: 'count', label: t('runs.billCount'), children: <span data-testid="run-preview-count">{formatCount(p.billCount)}</span> },
          { key: 'total', label: t('runs.total'), children: <Typography.Text strong data-testid="run-preview-total">{formatFen(p.totalFen)}</Typography.Text> },
        ]}
      />
      <Table
        size="small"
        rowKey="unitKind"
        pagination={false}
        dataSource={p.byKind}
        columns={[
          { key: 'kind', title: t('runs.byKind'), dataIndex: 'unitKind', render: kindLabel },
          { key: 'units', title: t('runs.units'), dataIndex: 'units', align: 'right', render: (n: number) => formatCount(n) },
          { key: 'amount', title: t('runs.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
        ]}
      />
      {p.notBilled.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('runs.notBilled')}
          description={
            <Flex vertical>
              {p.notBilled.map((n) => (
                <span key={n.unitKind}>{t('runs.notBilledLine', { kind: kindLabel(n.unitKind), units: n.units, reason: t(`runs.reason.${n.reason}`) })}</span>
              ))}
            </Flex>
          }
          data-testid="run-not-billed"
        />
      )}
      {p.existingRuns.length > 0 && <Alert type="info" showIcon title={t('runs.existing', { runs: p.existingRuns.map((r) => r.period).join(', ') })} />}
      {p.sample.length > 0 && (
        <details>
          <summary style={{ cursor: 'pointer' }}>{t('runs.sample', { count: p.sample.length })}</summary>
          <Table
            size="small"
            rowKey="unitId"
            pagination={false}
            dataSource={p.sample}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'code', title: t('arrears.unit'), dataIndex: 'code' },
              { key: 'area', title: t('runs.area'), dataIndex: 'areaCm2', align: 'right', render: (a: number) => formatAreaCm2(a) },
              { key: 'amount', title: t('runs.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
            ]}
          />
        </details>
      )}
      <Button type="primary" icon={<CheckOutlined />} onClick={onIssue} loading={issuing} disabled={p.billCount === 0} data-testid="run-confirm">
        {t('runs.confirm', { count: p.billCount, total: formatFen(p.totalFen) })}
      </Button>
    </Flex>
  );
}
