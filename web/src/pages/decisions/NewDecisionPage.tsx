import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Radio, Result, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type AttachmentKind, type DecisionKind, type MatterType, type NewDecision, type UnitKind } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { RequireSignIn } from '../../components/RequireSignIn';
import { localName } from '../../components/names';
import { UNIT_KINDS, parseRateYuanToCf } from '../billing/billingUtil';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';
import { useRequest } from '../../components/useRequest';
import { currentLang } from '../../i18n';
import { DOCUMENT_MIB, canConvene, decisionPath, decisionsPath } from './decisionsUtil';
import { useCommunityView } from './useCommunity';

const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['fee_proposal', 'budget', 'contract', 'minutes', 'other'];

interface ItemValues {
  matter: number;
  title: string;
  body?: string;
  withFee?: boolean;
  feeKind?: UnitKind;
  feeRate?: string;
  feeFrom?: Dayjs;
}

interface Values {
  kind: DecisionKind;
  title: string;
  description?: string;
  meetingPlace?: string;
  opensOn: Dayjs;
  closesOn: Dayjs;
  noticeDays: number;
  objectionDays: number;
  includeParking: boolean;
  includeStorage: boolean;
  items: ItemValues[];
}

export default function NewDecisionPage() {
  return <RequireSignIn>{() => <NewDecision />}</RequireSignIn>;
}

/** 新建表决 (committee): a draft with its items (matter 1–9, optional fee proposal) and attachments. */
function NewDecision() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { me, community: c, gate } = useCommunityView(code, async () => null);
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<DocumentFile[]>([]);
  const [kinds, setKinds] = useState<Record<string, AttachmentKind>>({});
  const [attachmentKind, setAttachmentKind] = useState<AttachmentKind>('fee_proposal');
  const matters = useRequest((signal) => api.decisionMatters(signal), []);
  const { busy: saving, error, run } = useAction();
  const kind = Form.useWatch('kind', form);

  if (gate || !c) return gate;
  if (!canConvene(me, c)) return <Result status="403" title={t('decisions.new')} subTitle={t('decisions.conveneOnly')} />;

  const submit = async (v: Values) => {
    const body: NewDecision = {
      kind: v.kind,
      title: v.title.trim(),
      description: v.description?.trim() || undefined,
      meetingPlace: v.kind === 'meeting' ? v.meetingPlace?.trim() || null : null,
      votingOpensOn: v.opensOn.format('YYYY-MM-DD'),
      votingClosesOn: v.closesOn.format('YYYY-MM-DD'),
      noticeDays: v.noticeDays,
      objectionDays: v.objectionDays,
      includeParking: v.includeParking,
      includeStorage: v.includeStorage,
      items: v.items.map((i) => ({
        matter: i.matter,
        title: i.title.trim(),
        body: i.body?.trim() || undefined,
        // the rate is parsed as text ('1.10' → 11000 centi-fen), never through a float
        fee: i.withFee && i.feeKind && i.feeRate && i.feeFrom ? { unitKind: i.feeKind, rateCf: parseRateYuanToCf(i.feeRate)!, effectiveFrom: i.feeFrom.startOf('month').format('YYYY-MM-DD') } : null,
      })),
      attachments: files.flatMap((f) => {
        const s = stored(f);
        return s ? [{ kind: kinds[f.uid] ?? 'other', sha256: s.sha256, name: s.name }] : [];
      }),
    };
    const created = await run(() => api.createDecision(code, body));
    if (!created) return;
    void message.success(t('newDecision.created'));
    navigate(decisionPath(code, created.id));
  };

  const opens = dayjs().add(16, 'day');
  return (
    <Flex vertical gap={16} data-testid="decision-new-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('newDecision.title')}
        </Typography.Title>
        <Link to={decisionsPath(code)}>
          {localName(c)} · {t('decisions.back')}
        </Link>
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={(v) => void submit(v)}
        initialValues={{ kind: 'written', opensOn: opens, closesOn: opens.add(10, 'day'), noticeDays: 15, objectionDays: 7, includeParking: false, includeStorage: false, items: [{ matter: 9, title: '' }] }}
      >
        <Card size="small" styles={{ body: { padding: 12 } }}>
          <Form.Item name="kind" label={t('newDecision.kind')}>
            <Radio.Group block optionType="button" buttonStyle="solid" options={(['written', 'meeting'] as const).map((k) => ({ value: k, label: t(`decisions.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('newDecision.titleLabel')} rules={[{ required: true, whitespace: true, message: t('newDecision.required') }, { max: 200 }]}>
            <Input maxLength={200} data-testid="new-title" />
          </Form.Item>
          <Form.Item name="description" label={t('newDecision.description')}>
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
          {kind === 'meeting' && (
            <Form.Item name="meetingPlace" label={t('newDecision.meetingPlace')}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          <Flex gap={12} wrap>
            <Form.Item name="opensOn" label={t('newDecision.opensOn')} rules={[{ required: true }]} style={{ flex: '1 1 150px' }}>
              <DatePicker allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="closesOn" label={t('newDecision.closesOn')} rules={[{ required: true }]} style={{ flex: '1 1 150px' }}>
              <DatePicker allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item name="noticeDays" label={t('newDecision.noticeDays')} extra={t('newDecision.noticeDaysHint')} style={{ flex: '1 1 150px' }}>
              <InputNumber min={15} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="objectionDays" label={t('newDecision.objectionDays')} style={{ flex: '1 1 150px' }}>
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Flex gap={24} wrap>
            <Form.Item name="includeParking" label={t('newDecision.includeParking')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="includeStorage" label={t('newDecision.includeStorage')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Flex>
        </Card>
        <Typography.Title level={5}>{t('newDecision.items')}</Typography.Title>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={12}>
              {fields.map((f, n) => (
                <ItemFields key={f.key} name={f.name} n={n + 1} matters={matters.data ?? []} onRemove={fields.length > 1 ? () => remove(f.name) : undefined} />
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ matter: 9, title: '' })} block>
                {t('newDecision.addItem')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Card size="small" title={t('newDecision.attachments')} style={{ marginTop: 16 }} styles={{ body: { padding: 12 } }}>
          <Flex gap={8} wrap align="start">
            <Select<AttachmentKind>
              value={attachmentKind}
              onChange={setAttachmentKind}
              style={{ minWidth: 140 }}
              aria-label={t('newDecision.attachmentKind')}
              options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: t(`decisions.attachmentKind.${k}`) }))}
            />
            <DocumentUpload
              upload={(f) => api.uploadDecisionDocument(code, f)}
              maxMiB={DOCUMENT_MIB}
              files={files}
              max={50}
              label={t('newDecision.upload')}
              onChange={(list) => {
                setKinds((prev) => Object.fromEntries(list.map((f) => [f.uid, prev[f.uid] ?? attachmentKind])));
                setFiles(list);
              }}
            />
          </Flex>
        </Card>
        {error && (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={error} />
          </div>
        )}
        <Button type="primary" htmlType="submit" size="large" block loading={saving} disabled={files.some((f) => f.status === 'uploading')} style={{ marginTop: 16 }} data-testid="new-submit">
          {t('newDecision.submit')}
        </Button>
      </Form>
    </Flex>
  );
}

function ItemFields({ name, n, matters, onRemove }: { name: number; n: number; matters: readonly MatterType[]; onRemove?: () => void }) {
  const { t } = useTranslation();
  const withFee = Form.useWatch(['items', name, 'withFee']) as boolean | undefined;
  const matter = Form.useWatch(['items', name, 'matter']) as number | undefined;
  // the matters and their rules come from the server (Civil Code art. 278, decisions.rules.ts)
  const rule = matters.find((m) => m.code === matter)?.rule;
  return (
    <Card
      size="small"
      title={t('decisions.itemNo', { n })}
      extra={onRemove && <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('newDecision.removeItem')} />}
      styles={{ body: { padding: 12 } }}
    >
      <Form.Item name={[name, 'matter']} label={t('newDecision.matter')} rules={[{ required: true }]} extra={rule ? t(`decisions.rule.${rule}`) : undefined}>
        <Select options={matters.map((m) => ({ value: m.code, label: `${m.code}. ${currentLang() === 'en' ? m.nameEn : m.name}` }))} />
      </Form.Item>
      <Form.Item name={[name, 'title']} label={t('newDecision.itemTitle')} rules={[{ required: true, whitespace: true, message: t('newDecision.required') }, { max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name={[name, 'body']} label={t('newDecision.itemBody')}>
        <Input.TextArea rows={2} maxLength={10000} />
      </Form.Item>
      <Form.Item name={[name, 'withFee']} valuePropName="checked" style={{ marginBottom: withFee ? 12 : 0 }}>
        <Checkbox>{t('newDecision.withFee')}</Checkbox>
      </Form.Item>
      {withFee && (
        <Flex gap={12} wrap>
          <Form.Item name={[name, 'feeKind']} label={t('newDecision.feeKind')} initialValue="residential" rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name={[name, 'feeRate']}
            label={t('newDecision.feeRate')}
            required
            rules={[{ validator: (_, v?: string) => (v && parseRateYuanToCf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('newDecision.feeRateInvalid')))) }]}
            style={{ flex: '1 1 120px' }}
          >
            <Input inputMode="decimal" prefix="¥" placeholder="1.10" />
          </Form.Item>
          <Form.Item name={[name, 'feeFrom']} label={t('newDecision.feeFrom')} initialValue={dayjs().add(2, 'month').startOf('month')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
            <DatePicker picker="month" allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      )}
    </Card>
  );
}
