import { useState } from 'react';
import { Button, Card, Empty, Flex, Grid, Pagination, Select, Table, Tag, Typography } from 'antd';
import { FundProjectionScreenOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { budgetApi, type ProposalBrief, type ProposalState, type SpendingSettings } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useRequest } from '../../components/useRequest';
import { formatDate, formatFen } from '../../format';
import { ProposalFlags } from './SpendingParts';
import { ThresholdsCard } from './ThresholdsCard';
import { PROPOSAL_STATE_COLORS, budgetsPath, canEditThresholds, canPropose, newProposalPath, proposalPath } from './budgetUtil';
import { useBudgetCommunity } from './useBudgetCommunity';

const STATES: ProposalState[] = ['pending', 'approved', 'posted', 'rejected', 'withdrawn'];
const PAGE_SIZE = 20;
const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

/** 支出申请: every expense proposal, filtered by state, year and line, with the emergency and overdue-disclosure flags; the thresholds above. */
export default function SpendingPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me, community: c, gate } = useBudgetCommunity(code);
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') as ProposalState | null) ?? undefined;
  const year = Number(params.get('year')) || undefined;
  const line = params.get('line') ?? undefined;
  const page = Number(params.get('page')) || 1;
  const settings = useRequest((signal) => budgetApi.spendingSettings(code, signal), [code]);
  const [saved, setSaved] = useState<SpendingSettings | null>(null);
  const budgets = useRequest((signal) => budgetApi.budgets(code, signal), [code]);
  const inForceOfYear = budgets.data?.items.find((b) => b.year === year)?.inForce ?? null;
  const lines = useRequest((signal) => (year && inForceOfYear ? budgetApi.version(code, year, inForceOfYear, signal) : Promise.resolve(null)), [code, year, inForceOfYear]);
  const list = useRequest((signal) => budgetApi.proposals(code, { state, year, line, page, pageSize: PAGE_SIZE }, signal), [code, state, year, line, page]);

  if (gate || !c) return gate;
  const set = (k: string, v: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, String(v));
    if (k !== 'page') next.delete('page');
    if (k === 'year') next.delete('line');
    setParams(next, { replace: true });
  };
  const shownSettings = saved ?? settings.data;

  return (
    <Flex vertical gap={16} data-testid="spending-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('spending.title')}
          </Typography.Title>
          <Link to={`/c/${encodeURIComponent(code)}`}>{localName(c)}</Link>
        </div>
        <Flex gap={8} wrap>
          <Link to={budgetsPath(code)}>
            <Button icon={<FundProjectionScreenOutlined />}>{t('budget.title')}</Button>
          </Link>
          {canPropose(me, c) && (
            <Link to={newProposalPath(code)}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="spending-new">
                {t('spending.new')}
              </Button>
            </Link>
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('spending.intro')}
      </Typography.Paragraph>
      {settings.error ? <ErrorAlert error={settings.error} onRetry={settings.reload} /> : shownSettings && <ThresholdsCard code={code} settings={shownSettings} canEdit={canEditThresholds(me, c)} onSaved={setSaved} />}
      <Flex gap={8} wrap data-testid="spending-filters">
        <Select
          style={{ flex: '1 1 120px' }}
          value={state ?? ''}
          onChange={(v) => set('state', v)}
          options={[{ value: '', label: `${t('spending.filters.state')}：${t('spending.filters.all')}` }, ...STATES.map((s) => ({ value: s, label: t(`spending.state.${s}`) }))]}
          data-testid="spending-filter-state"
        />
        <Select
          style={{ flex: '1 1 120px' }}
          value={year ?? ''}
          onChange={(v) => set('year', v)}
          options={[{ value: '', label: `${t('spending.filters.year')}：${t('spending.filters.all')}` }, ...[...(budgets.data?.items ?? [])].sort((a, b) => b.year - a.year).map((b) => ({ value: b.year, label: t('budget.yearTitle', { year: b.year }) }))]}
          data-testid="spending-filter-year"
        />
        <Select
          style={{ flex: '2 1 180px' }}
          value={line ?? ''}
          disabled={!year}
          onChange={(v) => set('line', v)}
          options={[{ value: '', label: `${t('spending.filters.line')}：${t('spending.filters.all')}` }, ...(lines.data?.lines ?? []).map((l) => ({ value: l.code, label: `${l.code} ${l.name}` }))]}
          data-testid="spending-filter-line"
        />
      </Flex>
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : !list.data.items.length ? (
        <Empty description={t('spending.empty')} />
      ) : (
        <>
          <ProposalList code={code} items={list.data.items} />
          {list.data.total > PAGE_SIZE && (
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text type="secondary">{t('spending.total', { n: list.data.total })}</Typography.Text>
              <Pagination current={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={(p) => set('page', p)} showSizeChanger={false} size="small" />
            </Flex>
          )}
        </>
      )}
    </Flex>
  );
}

function StateTag({ p }: { p: ProposalBrief }) {
  const { t } = useTranslation();
  return (
    <Tag color={PROPOSAL_STATE_COLORS[p.state]} style={{ marginInlineEnd: 0 }} data-testid="proposal-state">
      {t(`spending.state.${p.state}`)}
    </Tag>
  );
}

const lineText = (p: ProposalBrief, none: string) => (p.line ? `${p.year ?? ''} ${p.line} ${p.lineName ?? ''}`.trim() : none);

function ProposalList({ code, items }: { code: string; items: ProposalBrief[] }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  if (!screens.md)
    return (
      <Flex vertical gap={8}>
        {items.map((p) => (
          <Link key={p.id} to={proposalPath(code, p.id)} style={{ color: 'inherit' }} data-testid="proposal-row" data-id={p.id} data-state={p.state}>
            <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
              <Flex vertical gap={4}>
                <Flex justify="space-between" gap={8} align="start">
                  <Typography.Text strong>
                    #{p.id} {p.title}
                  </Typography.Text>
                  <Typography.Text strong style={NUM}>
                    {formatFen(p.amountFen)}
                  </Typography.Text>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {lineText(p, t('spending.noLine'))} · {p.counterparty}
                </Typography.Text>
                <Flex gap={4} wrap align="center">
                  <StateTag p={p} />
                  <Tag style={{ marginInlineEnd: 0 }}>{t(`spending.level.${p.level}`)}</Tag>
                  <ProposalFlags p={p} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDate(p.proposedAt)}
                  </Typography.Text>
                </Flex>
              </Flex>
            </Card>
          </Link>
        ))}
      </Flex>
    );
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <Table<ProposalBrief>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        onRow={(p) => ({ onClick: () => navigate(proposalPath(code, p.id)), style: { cursor: 'pointer' }, 'data-testid': 'proposal-row', 'data-id': p.id, 'data-state': p.state }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'id', title: t('spending.col.id'), render: (_, p) => <Link to={proposalPath(code, p.id)}>#{p.id}</Link>, width: 70 },
          {
            key: 'title',
            title: t('spending.col.title'),
            render: (_, p) => (
              <Flex vertical gap={2}>
                <Typography.Text>{p.title}</Typography.Text>
                <Flex gap={4} wrap>
                  <ProposalFlags p={p} />
                </Flex>
              </Flex>
            ),
          },
          { key: 'line', title: t('spending.col.line'), render: (_, p) => lineText(p, t('spending.noLine')) },
          { key: 'counterparty', title: t('spending.col.counterparty'), dataIndex: 'counterparty' },
          { key: 'amount', title: t('spending.col.amount'), align: 'right', render: (_, p) => <span style={NUM}>{formatFen(p.amountFen)}</span> },
          {
            key: 'state',
            title: t('spending.col.state'),
            render: (_, p) => (
              <Flex vertical gap={2} align="start">
                <StateTag p={p} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`spending.level.${p.level}`)}
                </Typography.Text>
              </Flex>
            ),
          },
          { key: 'proposedAt', title: t('spending.col.proposedAt'), render: (_, p) => formatDate(p.proposedAt), width: 110 },
        ]}
      />
    </Card>
  );
}
