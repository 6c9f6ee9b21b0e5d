import { useState } from 'react';
import { Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type VoucherView } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { SeqLink } from './EntryParts';

/** Who viewed which voucher, newest first (committee, supervisor, trustee). */
export function VoucherViewsView({ code }: { code: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useRequest((signal) => api.voucherViews(code, page, signal), [code, page]);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  return (
    <Flex vertical gap={12} data-testid="voucher-views">
      <Typography.Text type="secondary">{t('ledger.viewsIntro')}</Typography.Text>
      <Table<VoucherView>
        size="small"
        rowKey={(v) => `${v.at}:${v.accountId}:${v.seq}:${v.sha256}`}
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('ledger.viewsEmpty')} /> }}
        pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { key: 'at', title: t('ledger.viewsAt'), render: (_, v) => formatDateTime(v.at) },
          { key: 'viewer', title: t('ledger.viewsViewer'), render: (_, v) => v.viewer ?? '—' },
          { key: 'entry', title: t('ledger.viewsEntry'), render: (_, v) => <SeqLink code={code} seq={v.seq} /> },
          { key: 'file', title: t('ledger.viewsFile'), responsive: ['sm'], render: (_, v) => v.name ?? v.sha256.slice(0, 12) },
        ]}
      />
    </Flex>
  );
}
