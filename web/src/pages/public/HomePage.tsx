import { Card, Col, Empty, Flex, Row, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { joinParts, localName } from '../../components/names';

export default function HomePage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.communities(signal), []);

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('home.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 720 }}>
          {t('home.intro')}
        </Typography.Paragraph>
      </div>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : !data?.items.length ? (
        <Empty description={t('home.empty')} />
      ) : (
        <Row gutter={[16, 16]} data-testid="community-list">
          {data.items.map((c) => (
            <Col key={c.code} xs={24} sm={12} lg={8}>
              <Link to={`/c/${encodeURIComponent(c.code)}`} aria-label={t('home.view')}>
                <Card hoverable data-testid="community-card">
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {localName(c)}
                  </Typography.Title>
                  {localName(c) !== c.name && <Typography.Text type="secondary">{c.name}</Typography.Text>}
                  <div style={{ marginTop: 8 }}>
                    <Typography.Text type="secondary">
                      <EnvironmentOutlined /> {joinParts(c.district, c.street) || '—'}
                    </Typography.Text>
                  </div>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}
