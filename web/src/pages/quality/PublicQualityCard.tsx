import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ComplianceChart, MonthFigures } from './DashboardView';
import { qualityPath } from './qualityUtil';
import { useQualityAggregates } from './useQualityAggregates';

/** The community page's card: this month's work orders and SLA compliance over six months, from the public aggregates. */
export function PublicQualityCard({ code }: { code: string }) {
  const { t } = useTranslation();
  const { data, error } = useQualityAggregates(code, 6);
  // a summary: when the server cannot answer, the card simply does not show
  if (error || !data) return null;
  return (
    <Card size="small" title={t('quality.dash.publicTitle')} extra={<Link to={`${qualityPath(code)}?tab=dashboard`}>{t('quality.dash.details')}</Link>} data-testid="community-quality">
      <Flex vertical gap={12}>
        <MonthFigures data={data} />
        <ComplianceChart data={data} height={200} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('quality.dash.publicNote')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
