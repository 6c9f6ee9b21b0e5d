import { Button, Card, Flex, Tabs, Typography } from 'antd';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api';
import { useSession } from '../../session/SessionContext';
import { landingPath } from '../../roles';
import { PageLoading } from '../../components/PageLoading';
import { SignInForm } from './SignInForm';
import { ClaimForm } from './ClaimForm';

/** Only same-site paths are accepted as ?next= targets. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const tab = params.get('tab') === 'claim' ? 'claim' : 'signin';

  if (!me) return <PageLoading />;
  const done = (signedIn: Me) => navigate(next ?? landingPath(signedIn), { replace: true });

  if (me.account && !next) {
    return (
      <Card style={{ maxWidth: 420, margin: '24px auto' }}>
        <Flex vertical gap={16} align="center">
          <Typography.Text>{t('login.alreadySignedIn', { name: me.account.displayName })}</Typography.Text>
          <Link to={landingPath(me)}>
            <Button type="primary">{t('login.continue')}</Button>
          </Link>
        </Flex>
      </Card>
    );
  }
  if (me.account && next) return <Navigate to={next} replace />;

  return (
    <Card style={{ maxWidth: 420, margin: '8px auto', width: '100%' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('login.title')}
      </Typography.Title>
      <Tabs
        defaultActiveKey={tab}
        items={[
          { key: 'signin', label: t('login.tabSignIn'), children: <SignInForm onDone={done} /> },
          { key: 'claim', label: t('login.tabClaim'), children: <ClaimForm onDone={done} /> },
        ]}
      />
    </Card>
  );
}
