import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, InputNumber, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type Inspection, type InspectionSummary } from '../../api';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatDateTime } from '../../format';
import { formatBp } from '../billing/billingUtil';
import { CATALOGUE_ITEMS, CATEGORIES, MAX_PHOTO_MIB, MAX_PHOTOS, pointsToBp } from './qualityUtil';
import { PhotoStrip, localText, useCatalogue, useCategoryName } from './WorkOrderParts';

/** Points as the inspection shows them: 8650 → "86.50". */
const points = (bp: number | null) => (bp === null ? '—' : formatBp(bp)!.slice(0, -1));

/** 巡查 for committee and supervisors: the last 90 days' inspections, a new one for today, a draft scored item by item and submitted. */
export function InspectionsView({ code }: { code: string }) {
  const { t } = useTranslation();
  const today = dayjs().format('YYYY-MM-DD');
  const from = dayjs().subtract(90, 'day').format('YYYY-MM-DD');
  const list = useRequest((signal) => api.inspections(code, from, today, signal), [code, from, today]);
  const [openId, setOpenId] = useState<number | null>(null);
  const action = useAction();

  const create = async () => {
    const r = await action.run(() => api.createInspection(code, { inspectedOn: today }));
    if (!r) return;
    setOpenId(r.id);
    list.reload();
  };

  return (
    <Flex vertical gap={12} data-testid="inspections">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('quality.insp.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} loading={action.busy} onClick={() => void create()} data-testid="insp-new">
          {t('quality.insp.new')}
        </Button>
      </Flex>
      {action.error && <ErrorAlert error={action.error} />}
      {openId !== null && <Draft code={code} id={openId} onClose={() => setOpenId(null)} onSubmitted={list.reload} />}
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<InspectionSummary>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.insp.empty')} /> }}
          columns={[
            { key: 'on', title: t('quality.insp.inspectedOn'), render: (_, i) => formatDate(i.inspectedOn) },
            { key: 'who', title: t('quality.insp.inspector'), dataIndex: 'inspector' },
            { key: 'state', title: t('quality.insp.state'), render: (_, i) => <Tag color={i.state === 'submitted' ? 'green' : 'gold'}>{t(`quality.insp.states.${i.state}`)}</Tag> },
            { key: 'score', title: t('quality.insp.score'), align: 'right', render: (_, i) => points(i.scoreBp) },
            { key: 'open', title: '', render: (_, i) => <Button size="small" onClick={() => setOpenId(i.id)}>{t(i.state === 'draft' ? 'quality.insp.edit' : 'quality.insp.view')}</Button> },
          ]}
        />
      )}
    </Flex>
  );
}

function Draft({ code, id, onClose, onSubmitted }: { code: string; id: number; onClose: () => void; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const category = useCategoryName();
  const { data, error, reload } = useRequest((signal) => api.inspection(code, id, signal), [code, id]);
  const submitting = useAction();
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const draft = data.state === 'draft';

  const submit = async () => {
    const r = await submitting.run(() => api.submitInspection(code, id));
    if (!r) return;
    void message.success(t('quality.insp.submitted', { score: points(r.scoreBp) }));
    reload();
    onSubmitted();
  };

  return (
    <Card
      size="small"
      title={t('quality.insp.of', { date: formatDate(data.inspectedOn), inspector: data.inspector })}
      extra={<Button size="small" onClick={onClose}>{t('common.close')}</Button>}
      styles={{ body: { padding: 12 } }}
      data-testid="insp-draft"
    >
      <Flex vertical gap={12}>
        {data.items.length ? (
          data.items.map((i) => (
            <Flex key={i.itemCode} vertical gap={4} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>
                  {i.itemCode} · {i.category ? category(i.category) : ''}
                </Typography.Text>
                <Typography.Text strong>{points(i.scoreBp)}</Typography.Text>
              </Flex>
              {i.commitment && <Typography.Text type="secondary">{i.commitment}</Typography.Text>}
              {i.finding && <Typography.Text>{i.finding}</Typography.Text>}
              <PhotoStrip photos={i.photos} url={(p) => api.inspectionPhotoUrl(code, id, p)} />
            </Flex>
          ))
        ) : (
          <Typography.Text type="secondary">{t('quality.insp.noItems')}</Typography.Text>
        )}
        {draft ? (
          <>
            <ItemForm code={code} inspection={data} onSaved={reload} />
            {submitting.error && <ErrorAlert error={submitting.error} />}
            <Popconfirm title={t('quality.insp.submit')} description={t('quality.insp.submitConfirm')} okText={t('quality.insp.submit')} cancelText={t('common.cancel')} onConfirm={() => void submit()} disabled={!data.items.length}>
              <Button type="primary" block disabled={!data.items.length} loading={submitting.busy}>
                {t('quality.insp.submit')}
              </Button>
            </Popconfirm>
          </>
        ) : (
          <Typography.Text>
            {t('quality.insp.finalScore', { score: points(data.scoreBp), time: formatDateTime(data.submittedAt) })}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

function ItemForm({ code, inspection, onSaved }: { code: string; inspection: Inspection; onSaved: () => void }) {
  const { t } = useTranslation();
  const category = useCategoryName();
  const catalogue = useCatalogue(code);
  const action = useAction();
  const [item, setItem] = useState<string | undefined>(undefined);
  const [score, setScore] = useState<number | null>(null);
  const [finding, setFinding] = useState('');
  const [photos, setPhotos] = useState<DocumentFile[]>([]);
  const bp = pointsToBp(score);
  const uploading = photos.some((f) => f.status === 'uploading');

  const save = async () => {
    if (!item || bp === null) return;
    const done = photos.map(stored).filter((s) => s !== null);
    const r = await action.run(() => api.scoreInspectionItem(code, inspection.id, item, { scoreBp: bp, finding: finding.trim() || undefined, photos: done.length ? done.map((s) => s.sha256) : undefined }));
    if (!r) return;
    setItem(undefined);
    setScore(null);
    setFinding('');
    setPhotos([]);
    onSaved();
  };

  return (
    <Flex vertical gap={8} style={{ background: '#fafafa', padding: 12, borderRadius: 6 }}>
      <Select
        value={item}
        onChange={setItem}
        placeholder={t('quality.insp.item')}
        options={
          catalogue
            ? catalogue.map((c) => ({ label: localText(c.name, c.nameEn), options: c.items.map((i) => ({ value: i.code, label: `${i.code} ${localText(i.commitment, i.commitmentEn)}` })) }))
            : CATEGORIES.map((c) => ({ label: category(c), options: CATALOGUE_ITEMS[c].map((code) => ({ value: code, label: code })) }))
        }
      />
      <InputNumber<number> min={0} max={100} step={0.5} precision={2} value={score} onChange={setScore} placeholder={t('quality.insp.points')} style={{ width: '100%' }} />
      <Input.TextArea rows={2} maxLength={2000} value={finding} onChange={(e) => setFinding(e.target.value)} placeholder={t('quality.insp.finding')} />
      <DocumentUpload kind="photos" upload={(f) => api.uploadInspectionPhoto(code, f)} maxMiB={MAX_PHOTO_MIB} max={MAX_PHOTOS} files={photos} onChange={setPhotos} label={t('quality.insp.photos')} />
      {action.error && <ErrorAlert error={action.error} />}
      <Button disabled={!item || bp === null || uploading} loading={action.busy} onClick={() => void save()}>
        {t('quality.insp.saveItem')}
      </Button>
    </Flex>
  );
}
