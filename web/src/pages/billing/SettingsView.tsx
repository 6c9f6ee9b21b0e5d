import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type BillingSettings } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';

/** How owners pay: the simulated online checkout (demonstrations) or bank transfer to the payee shown. */
export function SettingsView({ code }: { code: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, reload } = useRequest((signal) => api.billingSettings(code, signal), [code]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error | null>(null);

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;

  const submit = async (v: BillingSettings) => {
    setSaving(true);
    setSaveError(null);
    try {
      await api.saveBillingSettings(code, {
        onlinePayments: v.onlinePayments,
        payeeName: v.payeeName?.trim() || null,
        payeeBank: v.payeeBank?.trim() || null,
        payeeAccount: v.payeeAccount?.trim() || null,
      });
      void message.success(t('settings.saved'));
      reload();
    } catch (err) {
      setSaveError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('settings.title')} style={{ maxWidth: 640 }} data-testid="billing-settings">
      <Form<BillingSettings> layout="vertical" initialValues={data} onFinish={(v) => void submit(v)} key={JSON.stringify(data)}>
        <Form.Item name="onlinePayments" label={t('settings.online')} extra={t('settings.onlineHint')}>
          <Radio.Group
            options={[
              { value: 'off', label: t('settings.onlineOff') },
              { value: 'simulated', label: t('settings.onlineSimulated') },
            ]}
          />
        </Form.Item>
        <Form.Item name="payeeName" label={t('checkout.payeeName')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="payeeBank" label={t('checkout.payeeBank')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="payeeAccount" label={t('checkout.payeeAccount')} extra={t('settings.payeeHint')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        {saveError && <Alert type="error" showIcon title={saveError.message} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('settings.save')}
        </Button>
      </Form>
    </Card>
  );
}
