import { Card, Empty, Flex, Progress, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Turnout } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatAreaCm2, formatCount, formatDateTime } from '../../format';

/** "66.66%" (the server's truncated text) → 66.66 for the bar; the text itself is shown as given. */
const barPercent = (text: string) => (/^\d+(\.\d+)?%$/.test(text) ? Number(text.slice(0, -1)) : 0);

/** 投票进度 (committee and supervisor): per item the share taking part, by channel, and who has not voted yet. */
export function TurnoutView({ code, decisionId }: { code: string; decisionId: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useRequest((signal) => api.turnout(code, decisionId, signal), [code, decisionId]);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  return (
    <Flex vertical gap={12} data-testid="decision-turnout">
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('turnout.asOf', { at: formatDateTime(data.asOf) })} · {t('turnout.total', { area: formatAreaCm2(data.total.areaCm2), count: formatCount(data.total.headcount) })}
      </Typography.Text>
      {data.pendingPaper > 0 && <Tag color="orange">{t('turnout.pendingPaper', { count: data.pendingPaper })}</Tag>}
      {data.items.map((i) => (
        <Card key={i.item} size="small" styles={{ body: { padding: 12 } }}>
          <Flex vertical gap={6}>
            <Typography.Text strong>
              {t('decisions.itemNo', { n: i.item })} {i.title}
            </Typography.Text>
            <Flex align="center" gap={8}>
              <Typography.Text style={{ width: 56, flex: 'none', fontSize: 13 }}>{t('turnout.areaPercent')}</Typography.Text>
              <Progress percent={barPercent(i.areaPercent)} format={() => i.areaPercent} style={{ margin: 0 }} />
            </Flex>
            <Flex align="center" gap={8}>
              <Typography.Text style={{ width: 56, flex: 'none', fontSize: 13 }}>{t('turnout.headcountPercent')}</Typography.Text>
              <Progress percent={barPercent(i.headcountPercent)} format={() => i.headcountPercent} style={{ margin: 0 }} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatAreaCm2(i.participating.areaCm2)} · {formatCount(i.participating.headcount)} / {formatCount(data.total.headcount)} · {t('turnout.byChannel', i.byChannel)}
            </Typography.Text>
          </Flex>
        </Card>
      ))}
      <NotVoted rows={data.notVoted} itemCount={data.items.length} />
    </Flex>
  );
}

function NotVoted({ rows, itemCount }: { rows: Turnout['notVoted']; itemCount: number }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('turnout.notVoted', { count: rows.length })} styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 12 }}>
        {t('turnout.notVotedHint')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey={(r) => r.unitCodes.join(' ')}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('turnout.allVoted')} /> }}
        columns={[
          { key: 'units', title: t('turnout.units'), render: (_, r) => r.unitCodes.join(' ') },
          { key: 'area', title: t('turnout.area'), align: 'right', render: (_, r) => formatAreaCm2(r.areaCm2) },
          { key: 'cast', title: t('turnout.itemsCast'), align: 'right', render: (_, r) => `${r.itemsCast} / ${itemCount}` },
        ]}
      />
    </Card>
  );
}
