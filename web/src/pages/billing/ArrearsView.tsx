import { useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Flex, Input, Popconfirm, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type ArrearsRow, type UnitKind } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatFen } from '../../format';
import { AGING_BUCKETS, STAGE_COLORS, reminderPath, stageKey } from './billingUtil';

const BUCKET_COLORS: Record<string, string> = { '0-30': 'gold', '31-90': 'orange', '91-180': 'volcano', '180+': 'red' };

/**
 * 欠费: units with overdue bills, by age; the trustee sends the next reminder to the units chosen
 * (friendly reminder → written demand → last notice). Never anything that cuts a utility.
 */
export function ArrearsView({ code, canSend }: { code: string; canSend: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest((signal) => api.arrears(code, signal), [code]);
  const [bucket, setBucket] = useState<string>('all');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [sending, setSending] = useState(false);

  const rows = useMemo(
    () => (data ?? []).filter((r) => (bucket === 'all' || r.bucket === bucket) && (!query || r.code.includes(query) || (r.building ?? '').includes(query))),
    [data, bucket, query],
  );
  const totalFen = rows.reduce((a, r) => a + r.arrearsFen, 0);
  const counts = useMemo(() => new Map(AGING_BUCKETS.map((b) => [b, (data ?? []).filter((r) => r.bucket === b).length])), [data]);

  const send = async () => {
    setSending(true);
    try {
      const r = await api.sendReminders(code, { unitIds: selected });
      void message.success(t('arrears.sent', { issued: r.issued, already: r.alreadyToday }));
      setSelected([]);
      reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
    }
  };

  const columns: TableColumnsType<ArrearsRow> = [
    { key: 'code', title: t('arrears.unit'), dataIndex: 'code', fixed: 'left', render: (c: string) => <Typography.Text strong>{c}</Typography.Text> },
    { key: 'building', title: t('arrears.building'), dataIndex: 'building', render: (b: string | null) => b ?? '—' },
    { key: 'kind', title: t('arrears.kind'), dataIndex: 'unitKind', render: (k: string) => t(`kind.${k as UnitKind}`, { defaultValue: k }) },
    { key: 'amount', title: t('arrears.amount'), dataIndex: 'arrearsFen', align: 'right', sorter: (a, b) => a.arrearsFen - b.arrearsFen, render: (f: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(f)}</span> },
    { key: 'bills', title: t('arrears.bills'), dataIndex: 'bills', align: 'right' },
    { key: 'oldest', title: t('arrears.oldest'), dataIndex: 'oldestMonth' },
    {
      key: 'days',
      title: t('arrears.days'),
      dataIndex: 'daysOverdue',
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.daysOverdue - b.daysOverdue,
      render: (d: number, r) => (
        <Flex gap={4} justify="flex-end" align="center" style={{ whiteSpace: 'nowrap' }}>
          {d}
          <Tag color={BUCKET_COLORS[r.bucket]} style={{ marginInlineEnd: 0 }}>
            {t('collection.bucketDays', { bucket: r.bucket })}
          </Tag>
        </Flex>
      ),
    },
    {
      key: 'reminder',
      title: t('arrears.lastReminder'),
      render: (_, r) =>
        r.lastReminder ? (
          <Link to={reminderPath(r.lastReminder.id, code)} data-testid="arrears-reminder-link" style={{ whiteSpace: 'nowrap' }}>
            <Tag color={STAGE_COLORS[stageKey(r.lastReminder.stage)]}>{t(`billing.stage.${stageKey(r.lastReminder.stage)}`)}</Tag>
            {t('arrears.replyBy', { date: r.lastReminder.replyBy })}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('arrears.noReminder')}</Typography.Text>
        ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="arrears">
      <Alert type="info" showIcon title={t('billing.art944')} description={t('arrears.path')} data-testid="arrears-art944" />
      <Flex gap={8} wrap align="center">
        <Segmented
          value={bucket}
          onChange={(v) => setBucket(String(v))}
          options={[
            { value: 'all', label: t('arrears.allBuckets', { count: data?.length ?? 0 }) },
            ...AGING_BUCKETS.map((b) => ({ value: b, label: `${t('collection.bucketDays', { bucket: b })} (${counts.get(b) ?? 0})` })),
          ]}
          style={{ maxWidth: '100%', overflowX: 'auto' }}
          data-testid="arrears-bucket"
        />
        <Input.Search allowClear placeholder={t('arrears.search')} onSearch={(v) => setQuery(v.trim())} style={{ maxWidth: 240 }} />
      </Flex>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text data-testid="arrears-total">{t('arrears.total', { units: formatCount(rows.length), amount: formatFen(totalFen) })}</Typography.Text>
        {canSend && (
          <Popconfirm title={t('arrears.sendConfirm', { count: selected.length })} onConfirm={() => void send()} okText={t('arrears.send')} cancelText={t('common.cancel')} disabled={!selected.length}>
            <Button type="primary" icon={<SendOutlined />} disabled={!selected.length} loading={sending} data-testid="arrears-send">
              {t('arrears.sendCount', { count: selected.length })}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : (
        <Table<ArrearsRow>
          size="small"
          rowKey="unitId"
          loading={loading}
          dataSource={rows}
          columns={columns}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('arrears.empty')} /> }}
          rowSelection={canSend ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('arrears.count', { count: n }) }}
          onRow={(r) => ({ 'data-testid': 'arrears-row', 'data-unit': r.code }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
    </Flex>
  );
}
