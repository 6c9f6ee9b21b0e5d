import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Radio, Select, Switch, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type MyUnit, type SignedIn, type WorkOrderKind } from '../../api';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { newIdempotencyKey } from '../ledger/ledgerUtil';
import { CATEGORIES, MAX_PHOTO_MIB, MAX_PHOTOS, workOrderPath } from './qualityUtil';
import { localText, useCatalogue, useCategoryName } from './WorkOrderParts';

export default function NewWorkOrderPage() {
  return <RequireSignIn>{(me) => <NewWorkOrder me={me} />}</RequireSignIn>;
}

interface Values {
  unitId: number;
  kind: WorkOrderKind;
  category: string;
  urgent: boolean;
  title: string;
  description?: string;
  location?: string;
  contactName?: string;
  contactPhone?: string;
}

/**
 * 报修 / 投诉 on a phone: for one of my units, a category of the catalogue, photos uploaded as
 * they are chosen. The idempotency key belongs to the form: a retry after a lost response (or a
 * double tap) files one order.
 */
function NewWorkOrder({ me }: { me: SignedIn }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const category = useCategoryName();
  const units = useRequest((signal) => api.myUnits(signal), []);
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<DocumentFile[]>([]);
  const key = useRef(newIdempotencyKey());
  const action = useAction();
  const unitId = Form.useWatch('unitId', form);
  const communityCode = units.data?.items.find((u) => u.unitId === unitId)?.communityCode ?? units.data?.items[0]?.communityCode;
  const catalogue = useCatalogue(communityCode);

  if (units.error) return <ErrorAlert error={units.error} onRetry={units.reload} />;
  if (!units.data) return <PageLoading />;
  const mine = units.data.items;
  if (!mine.length) return <Empty description={t('quality.form.noUnits')} />;
  const unit: MyUnit = mine.find((u) => u.unitId === unitId) ?? mine[0]!;
  const uploading = photos.some((f) => f.status === 'uploading');

  const submit = async (v: Values) => {
    const done = photos.map(stored).filter((s) => s !== null);
    const r = await action.run(() =>
      api.fileWorkOrder(unit.communityCode, {
        unitId: v.unitId,
        kind: v.kind,
        category: v.category,
        urgent: v.urgent,
        title: v.title.trim(),
        description: v.description?.trim() || undefined,
        location: v.location?.trim() || undefined,
        contactName: v.contactName?.trim() || undefined,
        contactPhone: v.contactPhone?.trim() || undefined,
        photos: done.length ? done.map((s) => s.sha256) : undefined,
        idempotencyKey: key.current,
      }),
    );
    if (!r) return;
    void message.success(t('quality.form.submitted'));
    navigate(workOrderPath(unit.communityCode, r.id), { replace: true });
  };

  return (
    <Flex vertical gap={16} data-testid="wo-form-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('quality.form.title')}
        </Typography.Title>
        <Link to="/me/work-orders">{t('quality.mine.title')}</Link>
      </div>
      <Card styles={{ body: { padding: 12 } }}>
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ unitId: mine[0]!.unitId, kind: 'repair', category: CATEGORIES[0], urgent: false }}
          onFinish={(v) => void submit(v)}
          data-testid="wo-form"
        >
          <Form.Item name="unitId" label={t('quality.form.unit')} rules={[{ required: true }]}>
            <Select
              data-testid="wo-unit"
              options={mine.map((u) => ({ value: u.unitId, label: `${u.communityName} · ${u.code}` }))}
              onChange={() => setPhotos([])}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('quality.form.kind')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="wo-kind">
              <Radio.Button value="repair">{t('quality.kind.repair')}</Radio.Button>
              <Radio.Button value="complaint">{t('quality.kind.complaint')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="category" label={t('quality.form.category')} rules={[{ required: true }]}>
            <Select
              data-testid="wo-category"
              options={catalogue ? catalogue.map((c) => ({ value: c.code, label: localText(c.name, c.nameEn) })) : CATEGORIES.map((c) => ({ value: c, label: category(c) }))}
            />
          </Form.Item>
          <Form.Item name="urgent" label={t('quality.form.urgent')} valuePropName="checked" extra={t('quality.form.urgentHint')}>
            <Switch data-testid="wo-urgent" />
          </Form.Item>
          <Form.Item name="title" label={t('quality.form.titleLabel')} rules={[{ required: true, whitespace: true, message: t('quality.form.titleRequired') }]}>
            <Input maxLength={200} placeholder={t('quality.form.titlePlaceholder')} data-testid="wo-title" />
          </Form.Item>
          <Form.Item name="description" label={t('quality.form.description')}>
            <Input.TextArea rows={3} maxLength={5000} data-testid="wo-description" />
          </Form.Item>
          <Form.Item name="location" label={t('quality.form.location')}>
            <Input maxLength={200} placeholder={t('quality.form.locationPlaceholder')} data-testid="wo-location" />
          </Form.Item>
          <Form.Item label={t('quality.form.photos', { max: MAX_PHOTOS })}>
            <DocumentUpload
              kind="photos"
              upload={(f) => api.uploadWorkOrderPhoto(unit.communityCode, f)}
              maxMiB={MAX_PHOTO_MIB}
              max={MAX_PHOTOS}
              files={photos}
              onChange={setPhotos}
              label={t('quality.form.addPhotos')}
              testId="wo-photos-upload"
            />
          </Form.Item>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 13 }} data-testid="wo-contact-default">
            {t('quality.form.contactHint', { name: me.account.displayName })}
          </Typography.Text>
          <Flex gap={8}>
            <Form.Item name="contactName" label={t('quality.form.contactName')} style={{ flex: 1 }}>
              <Input maxLength={100} placeholder={me.account.displayName} />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('quality.form.contactPhone')} style={{ flex: 1 }}>
              <Input maxLength={40} inputMode="tel" placeholder={t('quality.form.phonePlaceholder')} />
            </Form.Item>
          </Flex>
          {action.error && (
            <div style={{ marginBottom: 12 }}>
              <ErrorAlert error={action.error} />
            </div>
          )}
          {uploading && <Alert type="info" showIcon title={t('quality.form.uploading')} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={action.busy} disabled={uploading} data-testid="wo-submit">
            {t('quality.form.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
