import { Card, Col, Descriptions, Empty, Flex, Row, Tag, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type MyUnit } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { formatAreaCm2 } from '../../format';
import { DeliveryTag } from './DeliveryTag';

export default function MyUnitsPage() {
  return <RequireSignIn>{() => <MyUnits />}</RequireSignIn>;
}

function MyUnits() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.myUnits(signal), []);

  return (
    <Flex vertical gap={16} data-testid="my-units">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('myUnits.title')}
      </Typography.Title>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : !data?.items.length ? (
        <Empty description={t('myUnits.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {data.items.map((u) => (
            <Col key={`${u.communityCode}:${u.unitId}:${u.relation}`} xs={24} md={12} xl={8}>
              <UnitCard unit={u} />
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}

function names(list: { name: string }[], none: string): string {
  return list.length ? list.map((p) => p.name).join('、') : none;
}

function UnitCard({ unit }: { unit: MyUnit }) {
  const { t } = useTranslation();
  return (
    <Card
      data-testid="unit-card"
      title={
        <Flex align="center" gap={8}>
          <HomeOutlined />
          <span>{unit.code}</span>
        </Flex>
      }
      extra={<Tag color={unit.relation === 'owner' ? 'green' : 'blue'}>{t(`relation.${unit.relation}`)}</Tag>}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'community',
            label: t('myUnits.community'),
            children: <Link to={`/c/${encodeURIComponent(unit.communityCode)}`}>{unit.communityName}</Link>,
          },
          { key: 'building', label: t('myUnits.building'), children: unit.building },
          { key: 'kind', label: t('myUnits.kind'), children: t(`kind.${unit.kind}`) },
          { key: 'area', label: t('myUnits.area'), children: formatAreaCm2(unit.areaCm2) },
          { key: 'delivery', label: t('myUnits.delivery'), children: <DeliveryTag status={unit.deliveryStatus} /> },
          // The server lists every owner of the unit here, the signed-in owner included.
          { key: 'owners', label: t('myUnits.owners'), children: names(unit.owners, t('common.none')) },
          { key: 'tenants', label: t('myUnits.tenants'), children: names(unit.tenants, t('common.none')) },
        ]}
      />
    </Card>
  );
}
