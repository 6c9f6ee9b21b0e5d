import { Button, Card, Col, Empty, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, saveBlob } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatAreaCm2, formatCount, formatDateTime } from '../../format';
import { rollCsv } from './decisionsUtil';

/** 选民名册 (committee and supervisor): the roll frozen when voting opened, with a CSV made in the browser. */
export function RollView({ code, decisionId }: { code: string; decisionId: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useRequest((signal) => api.voterRoll(code, decisionId, signal), [code, decisionId]);
  if (error instanceof ApiError && error.status === 409) return <Empty description={t('roll.none')} />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const kindName = (k: (typeof data.voters)[number]['kind']) => t(`roll.voterKind.${k}`);
  return (
    <Flex vertical gap={12} data-testid="decision-roll">
      <Card size="small">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={8}>
            <Statistic title={t('roll.totalArea')} value={formatAreaCm2(data.totalAreaCm2)} />
          </Col>
          <Col xs={12} sm={8}>
            <Statistic title={t('roll.totalHeadcount')} value={formatCount(data.totalHeadcount)} />
          </Col>
          <Col xs={12} sm={8}>
            <Statistic title={t('roll.excluded')} value={formatCount(data.excludedUnits)} />
          </Col>
        </Row>
      </Card>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('roll.frozenAt', { at: formatDateTime(data.frozenAt) })}
        </Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => saveBlob(new Blob([rollCsv(data, { kind: t('roll.kind'), units: t('roll.units'), area: t('roll.area') }, kindName)], { type: 'text/csv;charset=utf-8' }), `${code}-decision-${decisionId}-roll.csv`)}
          data-testid="roll-csv"
        >
          {t('roll.csv')}
        </Button>
      </Flex>
      <Table
        size="small"
        rowKey="voterId"
        dataSource={data.voters}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small', showSizeChanger: false }}
        columns={[
          { key: 'kind', title: t('roll.kind'), render: (_, v) => <Tag color={v.kind === 'owners' ? 'default' : 'orange'}>{kindName(v.kind)}</Tag> },
          { key: 'units', title: t('roll.units'), render: (_, v) => v.unitCodes.join(' ') },
          { key: 'area', title: t('roll.area'), align: 'right', render: (_, v) => formatAreaCm2(v.areaCm2) },
        ]}
      />
    </Flex>
  );
}
