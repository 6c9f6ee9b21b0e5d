import { useState } from 'react';
import { App, Button, Card, Flex, Input, Modal, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type DecisionState } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';

type Step = 'notice' | 'open' | 'close' | 'publish' | 'finish';
type Reasoned = 'withdraw' | 'objection';

/** What the committee can do in each state (decisions.rules.ts DECISION_TRANSITIONS). */
const ACTIONS: Record<DecisionState, { steps: Step[]; reasoned: Reasoned[] }> = {
  draft: { steps: ['notice'], reasoned: ['withdraw'] },
  noticed: { steps: ['open'], reasoned: ['withdraw'] },
  voting: { steps: ['close'], reasoned: [] },
  counted: { steps: ['publish'], reasoned: [] },
  objection: { steps: ['finish'], reasoned: ['objection'] },
  final: { steps: [], reasoned: [] },
  failed: { steps: [], reasoned: [] },
  withdrawn: { steps: [], reasoned: [] },
};

const LABELS = {
  notice: { label: 'lifecycle.notice', confirm: 'lifecycle.noticeConfirm' },
  open: { label: 'lifecycle.open', confirm: 'lifecycle.openConfirm' },
  close: { label: 'lifecycle.close', confirm: 'lifecycle.closeConfirm' },
  publish: { label: 'lifecycle.publish', confirm: 'lifecycle.publishConfirm' },
  finish: { label: 'lifecycle.finish', confirm: 'lifecycle.finishConfirm' },
  withdraw: { label: 'lifecycle.withdraw', confirm: 'lifecycle.withdrawReason' },
  objection: { label: 'lifecycle.objection', confirm: 'lifecycle.objectionReason' },
} as const;

/** 业委会操作: the lifecycle buttons the state allows, each confirmed; the server's refusal shown as it says it. */
export function LifecycleActions({ code, decisionId, state, onMoved }: { code: string; decisionId: number; state: DecisionState; onMoved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const action = useAction();
  const [asking, setAsking] = useState<Reasoned | null>(null);
  const [reason, setReason] = useState('');
  const { steps, reasoned } = ACTIONS[state];

  const move = async (step: Step | Reasoned, why?: string) => {
    setBusy(step);
    const r = await action.run(() => api.moveDecision(code, decisionId, step, why));
    setBusy(null);
    setAsking(null);
    if (!r) return;
    void message.success(t('lifecycle.done', { state: t(`decisions.state.${r.state}`) }));
    setReason('');
    onMoved();
  };

  return (
    <Card size="small" title={t('lifecycle.title')} styles={{ body: { padding: 12 } }} data-testid="decision-lifecycle">
      <Flex vertical gap={8}>
        {!steps.length && !reasoned.length && <Typography.Text type="secondary">{t('lifecycle.nothing')}</Typography.Text>}
        <Flex wrap gap={8}>
          {steps.map((s) => (
            <Popconfirm key={s} title={t(LABELS[s].label)} description={t(LABELS[s].confirm)} okText={t(LABELS[s].label)} cancelText={t('common.cancel')} onConfirm={() => move(s)}>
              <Button type="primary" loading={busy === s} data-testid={`lifecycle-${s}`}>
                {t(LABELS[s].label)}
              </Button>
            </Popconfirm>
          ))}
          {reasoned.map((s) => (
            <Button key={s} danger loading={busy === s} onClick={() => setAsking(s)} data-testid={`lifecycle-${s}`}>
              {t(LABELS[s].label)}
            </Button>
          ))}
        </Flex>
        {action.error && <ErrorAlert error={action.error} />}
      </Flex>
      <Modal
        open={asking !== null}
        title={asking ? t(LABELS[asking].label) : ''}
        okText={asking ? t(LABELS[asking].label) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        confirmLoading={busy !== null}
        onOk={() => asking && void move(asking, reason.trim())}
        onCancel={() => setAsking(null)}
      >
        <Typography.Text>{asking ? t(LABELS[asking].confirm) : ''}</Typography.Text>
        <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('lifecycle.reasonRequired')} data-testid="lifecycle-reason" />
      </Modal>
    </Card>
  );
}
