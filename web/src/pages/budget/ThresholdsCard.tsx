import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { budgetApi, type SpendingSettings, type Thresholds } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { formatFen } from '../../format';
import { fenToYuanInput, parseYuanToFenOrZero } from './budgetUtil';

/** 审批限额: the community's spending thresholds (each with its default); the committee edits them. */
export function ThresholdsCard({ code, settings, canEdit, onSaved }: { code: string; settings: SpendingSettings; canEdit: boolean; onSaved: (s: SpendingSettings) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const d = settings.defaults;
  const money = (k: 'committeeFen' | 'ownersFen' | 'tenderFen') => (
    <span>
      <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`threshold-${k}`}>
        {formatFen(settings[k])}
      </Typography.Text>
      {settings[k] !== d[k] && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          ({t('spending.thresholds.defaultValue', { value: formatFen(d[k]) })})
        </Typography.Text>
      )}
    </span>
  );
  return (
    <Card
      size="small"
      title={t('spending.thresholds.title')}
      extra={
        canEdit && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="thresholds-edit">
            {t('spending.thresholds.edit')}
          </Button>
        )
      }
      data-testid="spending-thresholds"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'committee', label: t('spending.thresholds.committee'), children: money('committeeFen') },
          { key: 'owners', label: t('spending.thresholds.owners'), children: money('ownersFen') },
          { key: 'tender', label: t('spending.thresholds.tender'), children: money('tenderFen') },
          { key: 'quotes', label: t('spending.thresholds.minQuotes'), children: t('spending.thresholds.quotes', { n: settings.minQuotes }) },
          { key: 'days', label: t('spending.thresholds.discloseDays'), children: t('spending.thresholds.days', { n: settings.discloseWithinDays }) },
        ]}
      />
      {editing && <EditThresholds code={code} settings={settings} onClose={() => setEditing(false)} onSaved={onSaved} />}
    </Card>
  );
}

interface Values {
  committee: string;
  owners: string;
  tender: string;
  minQuotes: number;
  discloseWithinDays: number;
}

function EditThresholds({ code, settings, onClose, onSaved }: { code: string; settings: SpendingSettings; onClose: () => void; onSaved: (s: SpendingSettings) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const action = useAction();
  const yuanRule = { validator: (_: unknown, s?: string) => ((parseYuanToFenOrZero(s) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('spending.thresholds.invalid')))) };
  const submit = async (v: Values) => {
    const change: Partial<Thresholds> = {
      committeeFen: parseYuanToFenOrZero(v.committee)!,
      ownersFen: parseYuanToFenOrZero(v.owners)!,
      tenderFen: parseYuanToFenOrZero(v.tender)!,
      minQuotes: v.minQuotes,
      discloseWithinDays: v.discloseWithinDays,
    };
    const r = await action.run(() => budgetApi.saveSpendingSettings(code, change));
    if (!r) return;
    void message.success(t('spending.thresholds.saved'));
    onSaved(r);
    onClose();
  };
  return (
    <Modal open title={t('spending.thresholds.editTitle')} okText={t('spending.thresholds.save')} cancelText={t('common.cancel')} confirmLoading={action.busy} onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{t('spending.thresholds.editIntro')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{ committee: fenToYuanInput(settings.committeeFen), owners: fenToYuanInput(settings.ownersFen), tender: fenToYuanInput(settings.tenderFen), minQuotes: settings.minQuotes, discloseWithinDays: settings.discloseWithinDays }}
        data-testid="thresholds-form"
      >
        <Form.Item name="committee" label={t('spending.thresholds.committee')} rules={[yuanRule]}>
          <Input prefix="¥" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="owners" label={t('spending.thresholds.owners')} rules={[yuanRule]}>
          <Input prefix="¥" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="tender" label={t('spending.thresholds.tender')} rules={[yuanRule]}>
          <Input prefix="¥" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="minQuotes" label={t('spending.thresholds.minQuotes')} rules={[{ required: true }]}>
          <InputNumber min={2} max={10} precision={0} style={{ width: '100%' }} suffix={t('spending.thresholds.quotesUnit')} />
        </Form.Item>
        <Form.Item name="discloseWithinDays" label={t('spending.thresholds.discloseDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} suffix={t('spending.thresholds.daysUnit')} />
        </Form.Item>
      </Form>
      {action.error && <ErrorAlert error={action.error} />}
    </Modal>
  );
}
