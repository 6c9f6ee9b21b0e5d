import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api';
import { useSession } from '../../session/SessionContext';

interface Values {
  invitationCode: string;
  phone: string;
  password: string;
  confirm: string;
}

export function ClaimForm({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const { claim } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await claim(values.invitationCode.trim(), values.phone.trim(), values.password));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
      <Typography.Paragraph type="secondary">{t('claim.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="claim-error" />}
      <Form.Item
        name="invitationCode"
        label={t('claim.invitationCode')}
        rules={[{ required: true, whitespace: true, message: t('claim.invitationCodeRequired') }]}
      >
        <Input data-testid="claim-code" autoComplete="one-time-code" autoCapitalize="characters" size="large" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('claim.phone')}
        rules={[
          { required: true, message: t('claim.phoneRequired') },
          { pattern: /^\s*1\d{10}\s*$/, message: t('claim.phoneInvalid') },
        ]}
      >
        <Input data-testid="claim-phone" type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} size="large" />
      </Form.Item>
      <Form.Item name="password" label={t('claim.newPassword')} rules={[{ required: true, min: 8, message: t('claim.passwordRule') }]}>
        <Input.Password data-testid="claim-password" autoComplete="new-password" size="large" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('claim.confirmPassword')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('claim.passwordMismatch') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('claim.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password data-testid="claim-confirm" autoComplete="new-password" size="large" />
      </Form.Item>
      <Button data-testid="claim-submit" type="primary" htmlType="submit" block size="large" loading={busy}>
        {t('claim.submit')}
      </Button>
    </Form>
  );
}
