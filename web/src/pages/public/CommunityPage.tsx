import { Button, Card, Col, Descriptions, Flex, Result, Row, Statistic, Table, Tag, Typography } from 'antd';
import { AccountBookOutlined, AuditOutlined, FileSearchOutlined, FundOutlined, FundProjectionScreenOutlined, SafetyCertificateOutlined, TableOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type CommunityDetail, type UnitKind } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { joinParts, localName } from '../../components/names';
import { formatAreaCm2, formatCount, formatDate } from '../../format';
import { useSession } from '../../session/SessionContext';
import { canViewRegister } from '../../roles';
import { PublicCollectionCard } from '../billing/PublicCollectionCard';
import { decisionsPath } from '../decisions/decisionsUtil';
import { PublicQualityCard } from '../quality/PublicQualityCard';
import { PublicBudgetCard } from '../budget/PublicBudgetCard';
import { budgetsPath, spendingPath } from '../budget/budgetUtil';
import { qualityPath } from '../quality/qualityUtil';

const KINDS: UnitKind[] = ['residential', 'commercial', 'parking', 'storage'];

export default function CommunityPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me } = useSession();
  const { data, error, loading, reload } = useRequest((signal) => api.community(code, signal), [code]);

  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        title={t('community.notFound')}
        subTitle={error.message}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !data) return <PageLoading />;

  return (
    <Flex vertical gap={16} data-testid="community-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {localName(data)}
          </Typography.Title>
          {localName(data) !== data.name && <Typography.Text type="secondary">{data.name}</Typography.Text>}
        </div>
        <Flex gap={8} wrap>
          <Link to={`/c/${encodeURIComponent(data.code)}/ledger`}>
            <Button type="primary" icon={<AccountBookOutlined />} data-testid="community-ledger-link">
              {t('community.openLedger')}
            </Button>
          </Link>
          <Link to={`/c/${encodeURIComponent(data.code)}/billing`}>
            <Button icon={<FundOutlined />} data-testid="community-billing-link">
              {t('community.openBilling')}
            </Button>
          </Link>
          <Link to={decisionsPath(data.code)}>
            <Button icon={<AuditOutlined />} data-testid="community-decisions-link">
              {t('community.openDecisions')}
            </Button>
          </Link>
          <Link to={budgetsPath(data.code)}>
            <Button icon={<FundProjectionScreenOutlined />} data-testid="community-budget-link">
              {t('community.openBudget')}
            </Button>
          </Link>
          <Link to={spendingPath(data.code)}>
            <Button icon={<FileSearchOutlined />} data-testid="community-spending-link">
              {t('community.openSpending')}
            </Button>
          </Link>
          <Link to={qualityPath(data.code)}>
            <Button icon={<SafetyCertificateOutlined />} data-testid="community-quality-link">
              {t('community.openQuality')}
            </Button>
          </Link>
          {canViewRegister(me, data.code) && (
            <Link to={`/c/${encodeURIComponent(data.code)}/register`}>
              <Button icon={<TableOutlined />}>{t('community.openRegister')}</Button>
            </Link>
          )}
        </Flex>
      </Flex>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'region', label: t('community.region'), children: joinParts(data.province, data.city, data.district, data.street) || '—' },
            { key: 'address', label: t('community.address'), children: data.address ?? '—' },
            {
              key: 'trust',
              label: t('community.trustSince'),
              children: data.trustSince ? (
                <Tag color="green">{t('community.trustSinceValue', { date: formatDate(data.trustSince) })}</Tag>
              ) : (
                t('community.trustNotYet')
              ),
            },
          ]}
        />
      </Card>
      <Stats data={data} />
      <PublicCollectionCard code={data.code} />
      <PublicBudgetCard code={data.code} />
      <PublicQualityCard code={data.code} />
      <Card size="small" title={t('community.buildingList')}>
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={data.buildings}
          columns={[
            { key: 'name', title: t('community.building'), dataIndex: 'name' },
            { key: 'units', title: t('community.unitCount'), dataIndex: 'units', align: 'right', render: (n: number) => formatCount(n) },
          ]}
        />
      </Card>
    </Flex>
  );
}

function Stats({ data }: { data: CommunityDetail }) {
  const { t } = useTranslation();
  const s = data.stats;
  const items = [
    { key: 'buildings', title: t('community.buildings'), value: formatCount(s.buildings) },
    { key: 'units', title: t('community.units'), value: formatCount(s.units) },
    { key: 'owners', title: t('community.owners'), value: formatCount(s.owners) },
    { key: 'tenants', title: t('community.tenants'), value: formatCount(s.tenants) },
    { key: 'area', title: t('community.totalArea'), value: formatAreaCm2(s.totalAreaCm2) },
  ];
  return (
    <Card size="small" title={t('community.stats')} data-testid="community-stats">
      <Row gutter={[16, 16]}>
        {items.map((i) => (
          <Col key={i.key} xs={i.key === 'area' ? 24 : 12} sm={i.key === 'area' ? 24 : 6} lg={i.key === 'area' ? 8 : 4}>
            <Statistic title={i.title} value={i.value} />
          </Col>
        ))}
      </Row>
      <Flex wrap gap={8} style={{ marginTop: 16 }} align="center">
        <Typography.Text type="secondary">{t('community.unitsByKind')}</Typography.Text>
        {KINDS.map((k) => (
          <Tag key={k}>
            {t(`kind.${k}`)} {formatCount(s.unitsByKind[k] ?? 0)}
          </Tag>
        ))}
      </Flex>
    </Card>
  );
}
