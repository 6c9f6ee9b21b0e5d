import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Tag, Typography } from 'antd';
import { FileSearchOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { budgetApi, type BudgetSummary } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { localName } from '../../components/names';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatFen } from '../../format';
import { BUDGET_STATE_COLORS, budgetHeading, budgetPath, canDraftBudget, spendingPath } from './budgetUtil';
import { useBudgetCommunity } from './useBudgetCommunity';

/** 开放式预算: every budget year of the community with its state and the total in force; the trustee starts a new year. */
export default function BudgetsPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me, community: c, gate } = useBudgetCommunity(code);
  const list = useRequest((signal) => budgetApi.budgets(code, signal), [code]);
  const [creating, setCreating] = useState(false);
  if (gate || !c) return gate;
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.year - a.year);

  return (
    <Flex vertical gap={16} data-testid="budgets-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('budget.title')}
          </Typography.Title>
          <Link to={`/c/${encodeURIComponent(code)}`}>{localName(c)}</Link>
        </div>
        <Flex gap={8} wrap>
          <Link to={spendingPath(code)}>
            <Button icon={<FileSearchOutlined />} data-testid="budgets-spending-link">
              {t('budget.openSpending')}
            </Button>
          </Link>
          {canDraftBudget(me, c) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="budget-create">
              {t('budget.create.button')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('budget.intro')}
      </Typography.Paragraph>
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <PageLoading />
      ) : !items.length ? (
        <Empty description={t('budget.empty')} />
      ) : (
        items.map((b) => <BudgetCard key={b.year} code={code} b={b} />)
      )}
      {creating && <CreateBudget code={code} taken={items.map((b) => b.year)} onClose={() => setCreating(false)} />}
    </Flex>
  );
}

function BudgetCard({ code, b }: { code: string; b: BudgetSummary }) {
  const { t } = useTranslation();
  return (
    <Link to={budgetPath(code, b.year)} style={{ color: 'inherit' }} data-testid="budget-row" data-year={b.year} data-state={b.state}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={6}>
          <Flex justify="space-between" align="start" gap={8}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {budgetHeading(b, t('budget.yearTitle', { year: b.year }))}
            </Typography.Text>
            <Tag color={BUDGET_STATE_COLORS[b.state]} style={{ marginInlineEnd: 0, flex: 'none' }} data-testid="budget-row-state">
              {t(`budget.state.${b.state}`)}
            </Tag>
          </Flex>
          <Flex justify="space-between" wrap gap={8}>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('budget.inForce')}
              {': '}
              {b.inForce !== null && b.plannedFen !== null ? (
                <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {t('budget.inForceValue', { n: b.inForce, amount: formatFen(b.plannedFen) })}
                </Typography.Text>
              ) : (
                t('budget.noneInForce')
              )}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('budget.latest', { n: b.latest })}
            </Typography.Text>
          </Flex>
        </Flex>
      </Card>
    </Link>
  );
}

function CreateBudget({ code, taken, onClose }: { code: string; taken: number[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const action = useAction();
  const nextYear = Math.max(new Date().getFullYear() + 1, ...taken.map((y) => y + 1));
  const [form] = Form.useForm<{ year: number; title: string }>();
  const submit = async (v: { year: number; title: string }) => {
    const r = await action.run(() => budgetApi.createBudget(code, { year: v.year, title: v.title.trim() }));
    if (!r) return;
    void message.success(t('budget.create.done', { year: r.year }));
    navigate(budgetPath(code, r.year, 'draft'));
  };
  return (
    <Modal open title={t('budget.create.title')} okText={t('budget.create.submit')} cancelText={t('common.cancel')} onOk={() => form.submit()} confirmLoading={action.busy} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ year: nextYear, title: t('budget.create.defaultName', { year: nextYear }) }} onFinish={submit} data-testid="budget-create-form">
        <Form.Item name="year" label={t('budget.create.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} onChange={(y) => y && form.setFieldValue('title', t('budget.create.defaultName', { year: y }))} />
        </Form.Item>
        <Form.Item name="title" label={t('budget.create.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
      {action.error && <ErrorAlert error={action.error} />}
    </Modal>
  );
}
