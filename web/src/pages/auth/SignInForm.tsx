import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api';
import { useSession } from '../../session/SessionContext';

interface Values {
  login: string;
  password: string;
}

export function SignInForm({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useTranslation();
  const { login } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await login(values.login.trim(), values.password));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form.Item name="login" label={t('login.loginName')} rules={[{ required: true, whitespace: true, message: t('login.loginNameRequired') }]}>
        <Input data-testid="login-name" prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" size="large" />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
        <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" size="large" />
      </Form.Item>
      <Button data-testid="login-submit" type="primary" htmlType="submit" block size="large" loading={busy}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}
