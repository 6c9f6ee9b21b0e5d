import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { budgetApi, type BudgetView, type ModerationEntry } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatDateTime } from '../../format';
import { DecisionPicker, type DecisionItem } from './DecisionPicker';
import { draftOf, newestFirst } from './budgetUtil';

/** 业委会: put the version in consultation to the owners (a decision's item), and the log of hidden and restored comments. */
export function CommitteeView({ code, budget, canSubmit, onSubmitted }: { code: string; budget: BudgetView; canSubmit: boolean; onSubmitted: () => void }) {
  return (
    <Flex vertical gap={12} data-testid="budget-committee">
      {canSubmit && <SubmitForm code={code} budget={budget} onSubmitted={onSubmitted} />}
      <ModerationLog code={code} year={budget.year} />
    </Flex>
  );
}

function SubmitForm({ code, budget, onSubmitted }: { code: string; budget: BudgetView; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const version = newestFirst(budget.versions).find((v) => v.state === 'consultation') ?? null;
  const [pick, setPick] = useState<DecisionItem>({ decisionId: null, item: null });
  const action = useAction();

  const submit = async () => {
    if (!version || pick.decisionId === null || pick.item === null) return;
    const body = { decisionId: pick.decisionId, item: pick.item };
    const r = await action.run(() => budgetApi.submit(code, budget.year, version.number, body));
    if (!r) return;
    void message.success(t('budget.committee.submitted', { n: r.number }));
    onSubmitted();
  };

  return (
    <Card size="small" title={t('budget.committee.submitTitle')} data-testid="budget-submit">
      {!version ? (
        <Typography.Text type="secondary">{t('budget.committee.nothing')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('budget.committee.submitIntro', { n: version.number })}
          </Typography.Paragraph>
          {draftOf(budget) && <Alert type="warning" showIcon title={t('budget.committee.draftPending')} />}
          <DecisionPicker code={code} value={pick} onChange={setPick} states={['draft', 'noticed']} />
          {action.error && <ErrorAlert error={action.error} />}
          <Button type="primary" disabled={pick.decisionId === null || pick.item === null} loading={action.busy} onClick={() => void submit()} style={{ alignSelf: 'start' }} data-testid="budget-submit-button">
            {t('budget.committee.submit')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

function ModerationLog({ code, year }: { code: string; year: number }) {
  const { t } = useTranslation();
  const log = useRequest((signal) => budgetApi.moderation(code, year, signal), [code, year]);
  return (
    <Card size="small" title={t('budget.committee.moderationTitle')} styles={{ body: { padding: log.data?.items.length ? 0 : 12 } }} data-testid="budget-moderation">
      {log.error ? (
        <ErrorAlert error={log.error} onRetry={log.reload} />
      ) : !log.data ? (
        <PageLoading />
      ) : !log.data.items.length ? (
        <Empty description={t('budget.committee.moderationEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 12 }}>
            {t('budget.committee.moderationIntro')}
          </Typography.Paragraph>
          <Table<ModerationEntry>
            size="small"
            rowKey={(r) => `${r.commentId}-${r.at}-${r.action}`}
            pagination={false}
            dataSource={log.data.items}
            scroll={{ x: 560 }}
            columns={[
              { key: 'at', title: t('budget.committee.at'), render: (_, r) => formatDateTime(r.at), width: 140 },
              { key: 'action', title: '', render: (_, r) => <Tag color={r.action === 'hide' ? 'red' : 'green'}>{t(`budget.committee.action.${r.action}`)}</Tag>, width: 70 },
              { key: 'comment', title: t('budget.committee.commentId'), render: (_, r) => `#${r.commentId}`, width: 70 },
              { key: 'reason', title: t('budget.committee.reason'), dataIndex: 'reason' },
              { key: 'by', title: t('budget.committee.by'), dataIndex: 'by', width: 120 },
            ]}
          />
        </>
      )}
    </Card>
  );
}
