import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Table, Tooltip, Typography } from 'antd';
import { FileOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type FeeSchedule, type UnitKind } from '../../api';
import { DocumentUpload, type DocumentFile } from '../../components/DocumentUpload';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../format';
import { MAX_VOUCHER_BYTES } from '../ledger/VoucherUpload';
import { UNIT_KINDS, formatRateCf, parseRateYuanToCf } from './billingUtil';

/** 收费标准 (public: charges are published, 明码标价); the committee enters a new one with the owners' decision. */
export function SchedulesView({ code, canAdd }: { code: string; canAdd: boolean }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.feeSchedules(code, signal), [code]);

  return (
    <Flex vertical gap={16} data-testid="schedules">
      <Card size="small" title={t('schedules.title')} styles={{ body: { padding: 0 } }}>
        {error ? (
          <ErrorAlert error={error} onRetry={reload} />
        ) : (
          <Table<FeeSchedule>
            size="small"
            rowKey="id"
            loading={loading}
            dataSource={[...(data ?? [])].sort((a, b) => (a.unitKind === b.unitKind ? b.effectiveFrom.localeCompare(a.effectiveFrom) : UNIT_KINDS.indexOf(a.unitKind) - UNIT_KINDS.indexOf(b.unitKind)))}
            scroll={{ x: 'max-content' }}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schedules.empty')} /> }}
            onRow={() => ({ 'data-testid': 'schedule-row' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'kind', title: t('schedules.kind'), dataIndex: 'unitKind', render: (k: UnitKind) => t(`kind.${k}`) },
              {
                key: 'rate',
                title: t('schedules.rate'),
                dataIndex: 'rateCf',
                align: 'right',
                render: (cf: number) => <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>{t('schedules.rateValue', { rate: formatRateCf(cf) })}</Typography.Text>,
              },
              { key: 'from', title: t('schedules.effectiveFrom'), dataIndex: 'effectiveFrom', render: (d: string) => formatDate(d) },
              { key: 'decision', title: t('schedules.decision'), dataIndex: 'decisionRef', render: (d: string) => <span style={{ display: 'inline-block', minWidth: 160 }}>{d}</span> },
              {
                key: 'document',
                title: t('schedules.document'),
                dataIndex: 'document',
                render: (d: FeeSchedule['document'], row: FeeSchedule) =>
                  d ? (
                    <Tooltip title={`SHA-256 ${d.sha256}`}>
                      <Typography.Link href={`/api/communities/${encodeURIComponent(code)}/billing/schedules/${row.id}/document`} target="_blank" style={{ whiteSpace: 'nowrap' }}>
                        <FileOutlined /> {d.name}
                      </Typography.Link>
                    </Tooltip>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('schedules.formula')}
      </Typography.Text>
      {canAdd && <ScheduleForm code={code} onAdded={reload} />}
    </Flex>
  );
}

interface Values {
  unitKind: UnitKind;
  rate: string;
  effectiveFrom: Dayjs;
  decisionRef: string;
}

function ScheduleForm({ code, onAdded }: { code: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<DocumentFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const document = files.find((f) => f.status === 'done' && f.response);
  const uploading = files.some((f) => f.status === 'uploading');

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const s = await api.addFeeSchedule(code, {
        unitKind: v.unitKind,
        rateCf: parseRateYuanToCf(v.rate)!,
        effectiveFrom: v.effectiveFrom.startOf('month').format('YYYY-MM-DD'),
        decisionRef: v.decisionRef.trim(),
        document: document ? { sha256: document.response!.sha256, name: document.name } : null,
      });
      void message.success(t('schedules.added', { kind: t(`kind.${s.unitKind}`), rate: formatRateCf(s.rateCf), from: s.effectiveFrom }));
      form.resetFields();
      setFiles([]);
      onAdded();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('schedules.formTitle')} data-testid="schedule-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ unitKind: 'residential', effectiveFrom: dayjs().add(1, 'month').startOf('month') }}
        requiredMark="optional"
      >
        <Flex gap={12} wrap>
          <Form.Item name="unitKind" label={t('schedules.kind')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} data-testid="schedule-kind" />
          </Form.Item>
          <Form.Item
            name="rate"
            label={t('schedules.rateYuan')}
            rules={[{ validator: (_, v?: string) => (v && parseRateYuanToCf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('schedules.rateInvalid')))) }]}
            style={{ flex: '1 1 140px' }}
          >
            <Input inputMode="decimal" prefix="¥" suffix={t('schedules.perM2Month')} placeholder="1.10" data-testid="schedule-rate" />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('schedules.effectiveFrom')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <DatePicker picker="month" allowClear={false} style={{ width: '100%' }} data-testid="schedule-from" />
          </Form.Item>
        </Flex>
        <Form.Item name="decisionRef" label={t('schedules.decision')} extra={t('schedules.decisionHint')} rules={[{ required: true, whitespace: true, message: t('schedules.decisionRequired') }, { max: 300 }]}>
          <Input maxLength={300} data-testid="schedule-decision" />
        </Form.Item>
        <Form.Item label={t('schedules.document')} extra={t('schedules.documentHint')}>
          <DocumentUpload upload={(f) => api.uploadFeeDocument(code, f)} maxMiB={MAX_VOUCHER_BYTES / 1024 / 1024} files={files} onChange={setFiles} label={t('schedules.upload')} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} data-testid="schedule-error" />}
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving} disabled={uploading} block data-testid="schedule-submit">
          {t('schedules.submit')}
        </Button>
      </Form>
    </Card>
  );
}
