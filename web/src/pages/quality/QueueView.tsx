import { useState } from 'react';
import { Alert, Empty, Flex, Segmented, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type WorkOrder } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../components/useRequest';
import { formatDateTime } from '../../format';
import { workOrderPath } from './qualityUtil';
import { TrusteeAction } from './WorkOrderActions';
import { AgeText, FlagTags, SlaMark, StateTag, useCategoryName } from './WorkOrderParts';

type Filter = 'open' | 'overdue' | 'all';

/**
 * 工单: the community's queue with its SLA status. The trustee works it from here; committee and
 * supervisor read it (the server leaves out contact details for them).
 */
export function QueueView({ code, canAct }: { code: string; canAct: boolean }) {
  const { t } = useTranslation();
  const category = useCategoryName();
  const [filter, setFilter] = useState<Filter>('open');
  const query = filter === 'all' ? { limit: 500 } : filter === 'open' ? { open: true, limit: 500 } : { open: true, overdue: true, limit: 500 };
  const { data, error, loading, reload } = useRequest((signal) => api.workOrders(code, query, signal), [code, filter]);

  const due = (at: string | null, met: boolean | null, late: boolean) => (
    <Flex vertical gap={2}>
      <Typography.Text type={late ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {formatDateTime(at)}
      </Typography.Text>
      <SlaMark met={met} />
    </Flex>
  );

  return (
    <Flex vertical gap={12} data-testid="wo-queue">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'open', label: t('quality.queue.open') },
            { value: 'overdue', label: t('quality.queue.overdue') },
            { value: 'all', label: t('quality.queue.all') },
          ]}
        />
        {!canAct && <Typography.Text type="secondary">{t('quality.queue.readOnly')}</Typography.Text>}
      </Flex>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : (
        <Table<WorkOrder>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.queue.empty')} /> }}
          onRow={(o) => ({ 'data-testid': 'wo-queue-row', 'data-id': o.id, 'data-state': o.state, style: o.sla.overdue ? { background: '#fff1f0' } : undefined }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'id', title: t('quality.queue.no'), dataIndex: 'id', render: (id: number) => <Link to={workOrderPath(code, id)}>#{id}</Link> },
            {
              key: 'title',
              title: t('quality.queue.title'),
              render: (_, o) => (
                <Flex vertical gap={2} style={{ minWidth: 160, maxWidth: 320 }}>
                  <Link to={workOrderPath(code, o.id)}>{o.title}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`quality.kind.${o.kind}`)} · {o.unitCode ?? '—'}
                    {o.contact ? ` · ${[o.contact.name, o.contact.phone].filter(Boolean).join(' ')}` : ''}
                  </Typography.Text>
                </Flex>
              ),
            },
            { key: 'category', title: t('quality.queue.category'), render: (_, o) => category(o.category) },
            {
              key: 'state',
              title: t('quality.queue.state'),
              render: (_, o) => (
                <Flex gap={4} wrap>
                  <StateTag state={o.state} />
                  <FlagTags order={o} />
                </Flex>
              ),
            },
            { key: 'age', title: t('quality.queue.age'), render: (_, o) => <AgeText order={o} /> },
            { key: 'response', title: t('quality.responseDue'), render: (_, o) => due(o.sla.responseDueAt, o.sla.responseMet, o.sla.overdue && o.state === 'submitted') },
            { key: 'completion', title: t('quality.completionDue'), render: (_, o) => due(o.sla.completionDueAt, o.sla.completionMet, o.sla.overdue && o.state !== 'submitted') },
            { key: 'assignee', title: t('quality.queue.assignee'), render: (_, o) => o.assignee ?? '—' },
            ...(canAct ? [{ key: 'act', title: t('quality.queue.actions'), render: (_: unknown, o: WorkOrder) => <TrusteeAction code={code} order={o} onMoved={reload} /> }] : []),
          ]}
        />
      )}
      {!canAct && <Alert type="info" showIcon title={t('quality.queue.privacy')} />}
    </Flex>
  );
}
