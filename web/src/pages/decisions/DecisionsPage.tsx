import { Alert, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type DecisionSummary } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { formatDate } from '../../format';
import { STATE_COLORS, canConvene, committeePath, decisionPath } from './decisionsUtil';
import { useCommunityView } from './useCommunity';

/**
 * 业主共同决定: every noticed decision for anyone (results with their figures once published);
 * the committee, the supervisor and the officials also see drafts and unpublished counts.
 */
export default function DecisionsPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me, community: c, internal, data: list, gate } = useCommunityView(code, (internal, signal) => api.decisions(code, internal, signal));
  if (gate || !c) return gate;

  return (
    <Flex vertical gap={16} data-testid="decisions-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('decisions.title')}
          </Typography.Title>
          <Link to={`/c/${encodeURIComponent(code)}`}>{localName(c)}</Link>
        </div>
        <Flex gap={8} wrap>
          <Link to={committeePath(code)}>
            <Button icon={<TeamOutlined />}>{t('decisions.openCommittee')}</Button>
          </Link>
          {canConvene(me, c) && (
            <Link to={`/c/${encodeURIComponent(code)}/decisions/new`}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="decision-new">
                {t('decisions.new')}
              </Button>
            </Link>
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('decisions.intro')}
      </Typography.Paragraph>
      {internal && <Alert type="info" showIcon title={t('decisions.internalNote')} />}
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : !list.data.length ? (
        <Empty description={t('decisions.empty')} />
      ) : (
        list.data.map((d) => <DecisionCard key={d.id} code={code} d={d} />)
      )}
    </Flex>
  );
}

function DecisionCard({ code, d }: { code: string; d: DecisionSummary }) {
  const { t } = useTranslation();
  return (
    <Link to={decisionPath(code, d.id)} style={{ color: 'inherit' }} data-testid="decision-row" data-state={d.state} data-id={d.id}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={6}>
          <Flex justify="space-between" align="start" gap={8}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {d.title}
            </Typography.Text>
            <Tag color={STATE_COLORS[d.state]} style={{ marginInlineEnd: 0, flex: 'none' }}>
              {t(`decisions.state.${d.state}`)}
            </Tag>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(`decisions.kind.${d.kind}`)} · {t('decisions.votingPeriod')} {t('decisions.votingRange', { from: formatDate(d.votingOpensOn), to: formatDate(d.votingClosesOn) })}
          </Typography.Text>
          {d.items.map((i) => (
            <Flex key={i.position} justify="space-between" gap={8} align="start">
              <Typography.Text style={{ fontSize: 13 }}>
                {t('decisions.itemNo', { n: i.position })} {i.title}
              </Typography.Text>
              {i.passed !== null && (
                <Tag color={i.passed ? 'green' : 'red'} style={{ marginInlineEnd: 0, flex: 'none' }}>
                  {i.passed ? t('decisions.passed') : t('decisions.notPassed')}
                </Tag>
              )}
            </Flex>
          ))}
        </Flex>
      </Card>
    </Link>
  );
}
