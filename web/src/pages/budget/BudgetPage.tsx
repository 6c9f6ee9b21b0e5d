import { useCallback } from 'react';
import { App, Button, Flex, Popconfirm, Result, Tabs, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, budgetApi, type BudgetView } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { CommitteeView } from './CommitteeView';
import { DiffTab } from './DiffTab';
import { DraftEditor } from './DraftEditor';
import { ExecutionTab } from './ExecutionTab';
import { FinalTab } from './FinalTab';
import { VersionTab } from './VersionTab';
import { BUDGET_STATE_COLORS, budgetHeading, budgetsPath, canDraftBudget, canModerate, canReadModeration, draftOf, newestFirst, spendingPath, yearOver } from './budgetUtil';
import { useBudgetCommunity } from './useBudgetCommunity';

const TABS = ['budget', 'diff', 'execution', 'final', 'draft', 'committee'] as const;
type Tab = (typeof TABS)[number];

/**
 * One budget year: the version in force (or the latest published) with its income check, lines
 * and the residents' comments; the diff of two versions with the comments each revision
 * answered; execution against the ledger; the final accounts. The trustee edits the draft and
 * starts revisions or a supplementary budget; the committee submits a version to the owners and
 * reads the moderation log. The tab, the version and the diff pair live in the URL.
 */
export default function BudgetPage() {
  const { t } = useTranslation();
  const { code = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const { me, community: c, gate } = useBudgetCommunity(code);
  const budget = useRequest((signal) => budgetApi.budget(code, year, signal), [code, year]);
  const [params, setParams] = useSearchParams();
  const setTab = useCallback(
    (tab: string, extra: Record<string, string> = {}) => setParams(tab === 'budget' && !Object.keys(extra).length ? {} : { tab, ...extra }, { replace: true }),
    [setParams],
  );

  if (gate || !c) return gate;
  if (budget.error instanceof ApiError && budget.error.status === 404)
    return (
      <Result
        status="404"
        title={t('budget.notFound')}
        subTitle={budget.error.message}
        extra={
          <Link to={budgetsPath(code)}>
            <Button type="primary">{t('budget.back')}</Button>
          </Link>
        }
      />
    );
  if (budget.error) return <ErrorAlert error={budget.error} onRetry={budget.reload} />;
  if (!budget.data) return <PageLoading />;

  const b = budget.data;
  const trustee = canDraftBudget(me, c);
  const committee = canModerate(me, c);
  const draft = draftOf(b);
  const allowed: Record<Tab, boolean> = {
    budget: true,
    diff: true,
    execution: true,
    final: !!b.finalAccounts || (trustee && b.inForce !== null && yearOver(b.year)),
    draft: trustee && !!draft,
    committee: canReadModeration(me, c),
  };
  const tabParam = params.get('tab') as Tab | null;
  const tab: Tab = tabParam && TABS.includes(tabParam) && allowed[tabParam] ? tabParam : 'budget';
  const versionParam = Number(params.get('v')) || null;
  const reloadAll = budget.reload;

  const views: Record<Tab, () => React.ReactNode> = {
    budget: () => <VersionTab code={code} budget={b} me={me} community={c} selected={versionParam} onSelect={(v) => setTab('budget', { v: String(v) })} />,
    diff: () => <DiffTab code={code} budget={b} from={Number(params.get('from')) || null} to={Number(params.get('to')) || null} onPick={(from, to) => setTab('diff', { from: String(from), to: String(to) })} />,
    execution: () => <ExecutionTab code={code} year={b.year} />,
    final: () => <FinalTab code={code} budget={b} canPublish={trustee} onPublished={reloadAll} />,
    draft: () =>
      draft ? (
        <DraftEditor
          key={draft.number}
          code={code}
          budget={b}
          draft={draft}
          onPublished={(n) => {
            reloadAll();
            setTab('budget', { v: String(n) });
          }}
        />
      ) : null,
    committee: () => <CommitteeView code={code} budget={b} canSubmit={committee} onSubmitted={reloadAll} />,
  };
  const shown = TABS.filter((k) => allowed[k]);

  return (
    <Flex vertical gap={12} data-testid="budget-page" data-year={b.year} data-state={b.state}>
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div>
          <Link to={budgetsPath(code)} style={{ fontSize: 13 }}>
            {localName(c)} · {t('budget.back')}
          </Link>
          <Typography.Title level={3} style={{ margin: '4px 0' }} data-testid="budget-title">
            {budgetHeading(b, t('budget.yearTitle', { year: b.year }))}
          </Typography.Title>
          <Flex wrap gap={4} align="center">
            <Tag color={BUDGET_STATE_COLORS[b.state]} data-testid="budget-state">
              {t(`budget.state.${b.state}`)}
            </Tag>
            <Link to={spendingPath(code) + `?year=${b.year}`} style={{ fontSize: 13 }}>
              {t('budget.openSpending')}
            </Link>
          </Flex>
        </div>
        {trustee && (
          <TrusteeActions
            code={code}
            b={b}
            editing={tab === 'draft'}
            onCreated={() => {
              reloadAll();
              setTab('draft');
            }}
            onEdit={() => setTab('draft')}
          />
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k)}
        destroyOnHidden
        items={shown.map((k) => ({
          key: k,
          // the supervisor reads only the moderation log there
          label: <span data-testid={`budget-tab-${k}`}>{k === 'committee' && !committee ? t('budget.tabs.moderation') : t(`budget.tabs.${k}`)}</span>,
          children: tab === k ? views[k]() : null,
        }))}
      />
    </Flex>
  );
}

/**
 * The trustee's next step (budget.service: both kinds copy the latest published version):
 * before adoption, 新建修订版 while a version is in consultation or was rejected; once a version
 * is in force, 追加预算 — or 新建修订版 of a supplementary budget in consultation or rejected;
 * nothing while a version is put to the vote or after the final accounts; 编辑草稿 while a draft exists.
 */
function TrusteeActions({ code, b, editing, onCreated, onEdit }: { code: string; b: BudgetView; editing: boolean; onCreated: () => void; onEdit: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useAction();
  const draft = draftOf(b);
  const latestPublished = newestFirst(b.versions).find((v) => v.state !== 'draft');
  const open = !draft && b.state !== 'closed' && !b.versions.some((v) => v.state === 'voting');
  const revisable = !!latestPublished && (latestPublished.state === 'consultation' || latestPublished.state === 'rejected');
  const canRevise = open && revisable;
  // after adoption both buttons make a 'supplementary' draft: it revises a supplementary under way, or starts one
  const reviseKind = b.inForce === null ? 'revision' : 'supplementary';
  const canSupplement = open && b.inForce !== null && !revisable;
  const create = async (kind: 'revision' | 'supplementary') => {
    const r = await action.run(() => budgetApi.newDraft(code, b.year, kind));
    if (!r) return;
    void message.success(t('budget.actions.created', { n: r.number }));
    onCreated();
  };
  if ((!draft || editing) && !canRevise && !canSupplement) return null;
  return (
    <Flex vertical gap={4} align="end">
      <Flex gap={8} wrap>
        {draft && !editing && (
          <Button type="primary" icon={<EditOutlined />} onClick={onEdit} data-testid="budget-edit-draft">
            {t('budget.actions.editDraft')}
          </Button>
        )}
        {canRevise && latestPublished && (
          <Popconfirm title={t('budget.actions.revision')} description={t('budget.actions.revisionConfirm', { n: latestPublished.number })} okText={t('budget.actions.revision')} okButtonProps={{ 'data-testid': 'budget-new-revision-ok' }} cancelText={t('common.cancel')} onConfirm={() => create(reviseKind)}>
            <Button type="primary" icon={<PlusOutlined />} loading={action.busy} data-testid="budget-new-revision">
              {t('budget.actions.revision')}
            </Button>
          </Popconfirm>
        )}
        {canSupplement && b.inForce !== null && (
          <Popconfirm title={t('budget.actions.supplementary')} description={t('budget.actions.supplementaryConfirm', { n: b.inForce })} okText={t('budget.actions.supplementary')} okButtonProps={{ 'data-testid': 'budget-new-supplementary-ok' }} cancelText={t('common.cancel')} onConfirm={() => create('supplementary')}>
            <Button icon={<PlusOutlined />} loading={action.busy} data-testid="budget-new-supplementary">
              {t('budget.actions.supplementary')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      {action.error && <ErrorAlert error={action.error} />}
    </Flex>
  );
}
