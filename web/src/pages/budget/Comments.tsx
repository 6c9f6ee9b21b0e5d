import { useState } from 'react';
import { App, Button, Flex, Input, Modal, Segmented, Tag, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined, MessageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { budgetApi, type CommentView, type Stance } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { formatDateTime } from '../../format';
import { newIdempotencyKey } from '../ledger/ledgerUtil';

export const STANCE_COLORS: Record<Stance, string> = { support: 'green', oppose: 'red', comment: 'blue' };
const STANCES: Stance[] = ['support', 'oppose', 'comment'];

/**
 * One comment: who (masked for the public), stance, text — or, once hidden by the committee, the
 * reason instead (the committee still reads the text) — and the trustee's answer naming the
 * version that published it. The committee gets hide/unhide, each with a logged reason.
 */
export function CommentItem({ code, year, c, moderate, onChanged }: { code: string; year: number; c: CommentView; moderate: boolean; onChanged?: () => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="budget-comment" data-id={c.id} data-stance={c.stance} data-hidden={c.hidden ? 'true' : 'false'} style={{ borderInlineStart: `3px solid ${c.hidden ? '#d9d9d9' : '#e6f4ff'}`, paddingInlineStart: 8 }}>
      <Flex wrap gap={6} align="center">
        <Tag color={STANCE_COLORS[c.stance]} style={{ marginInlineEnd: 0 }}>
          {t(`budget.stance.${c.stance}`)}
        </Tag>
        <Typography.Text style={{ fontSize: 13 }}>{c.author}</Typography.Text>
        {c.mine && <Tag style={{ marginInlineEnd: 0 }}>{t('budget.comment.mine')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('budget.comment.onVersion', { n: c.version })} · {formatDateTime(c.createdAt)}
        </Typography.Text>
        {moderate && onChanged && <ModerateButton code={code} year={year} c={c} onDone={onChanged} />}
      </Flex>
      {c.hidden ? (
        <>
          <Typography.Paragraph type="secondary" italic style={{ margin: '4px 0 0' }} data-testid="budget-comment-hidden">
            {c.body !== null ? t('budget.comment.hiddenInternal', { reason: c.hidden.reason }) : t('budget.comment.hidden', { reason: c.hidden.reason })}
          </Typography.Paragraph>
          {c.body !== null && (
            <Typography.Paragraph delete type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {c.body}
            </Typography.Paragraph>
          )}
        </>
      ) : (
        c.body && (
          <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} data-testid="budget-comment-body">
            {c.body}
          </Typography.Paragraph>
        )
      )}
      {c.answer ? (
        <div style={{ background: '#f6ffed', borderRadius: 6, padding: '6px 8px', marginTop: 6 }} data-testid="budget-comment-answer" data-version={c.answer.version}>
          <Typography.Text strong style={{ fontSize: 13 }}>
            {t('budget.comment.answer', { n: c.answer.version })}
          </Typography.Text>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.answer.body}</Typography.Paragraph>
        </div>
      ) : (
        // a bare support needs no answer; an objection or a comment waits for one
        !c.hidden &&
        c.stance !== 'support' && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('budget.comment.awaiting')}
          </Typography.Text>
        )
      )}
    </div>
  );
}

function ModerateButton({ code, year, c, onDone }: { code: string; year: number; c: CommentView; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const action = useAction();
  const act = c.hidden ? 'unhide' : 'hide';
  const submit = async () => {
    const r = await action.run(() => budgetApi.moderate(code, year, c.id, act, reason.trim()));
    if (!r) return;
    void message.success(t('budget.comment.moderated'));
    setOpen(false);
    setReason('');
    onDone();
  };
  return (
    <>
      <Button size="small" type="link" icon={c.hidden ? <EyeOutlined /> : <EyeInvisibleOutlined />} onClick={() => setOpen(true)} data-testid={`budget-comment-${act}`} style={{ paddingInline: 4 }}>
        {t(`budget.comment.${act}`)}
      </Button>
      <Modal
        open={open}
        title={t(c.hidden ? 'budget.comment.unhideTitle' : 'budget.comment.hideTitle')}
        okText={t(`budget.comment.${act}`)}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: act === 'hide', disabled: !reason.trim(), 'data-testid': 'budget-moderate-ok' }}
        confirmLoading={action.busy}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
          {c.body ?? ''}
        </Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('budget.comment.reason')} data-testid="budget-moderate-reason" />
        {action.error && <ErrorAlert error={action.error} />}
      </Modal>
    </>
  );
}

/**
 * 提意见 on a line (or the version as a whole): support, oppose or a comment, with a text (required
 * to oppose or comment). One idempotency key per form instance, renewed after a success, so a
 * double tap or a retry after a lost answer posts once.
 */
export function CommentForm({ code, year, version, line, onSent }: { code: string; year: number; version: number; line: string | null; onSent: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [stance, setStance] = useState<Stance>('comment');
  const [body, setBody] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [touched, setTouched] = useState(false);
  const action = useAction();
  const needsText = stance !== 'support';
  const invalid = needsText && !body.trim();
  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    // the server wants a text: a bare 支持 says just that
    const text = body.trim() || t('budget.stance.support');
    const r = await action.run(() => budgetApi.comment(code, year, version, { line, stance, body: text, idempotencyKey: key }));
    if (!r) return;
    void message.success(t('budget.comment.sent'));
    setBody('');
    setTouched(false);
    setKey(newIdempotencyKey());
    onSent();
  };
  return (
    <Flex vertical gap={8} data-testid="budget-comment-form" data-line={line ?? ''}>
      <Segmented<Stance>
        block
        value={stance}
        onChange={setStance}
        options={STANCES.map((s) => ({ value: s, label: <span data-testid={`budget-stance-${s}`}>{t(`budget.stance.${s}`)}</span> }))}
      />
      <Input.TextArea
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={2000}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder={t('budget.comment.bodyPlaceholder')}
        status={touched && invalid ? 'error' : undefined}
        data-testid="budget-comment-text"
      />
      {touched && invalid && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('budget.comment.bodyRequired')}
        </Typography.Text>
      )}
      {action.error && <ErrorAlert error={action.error} />}
      <Button type="primary" icon={<MessageOutlined />} loading={action.busy} onClick={() => void submit()} data-testid="budget-comment-submit">
        {t('budget.comment.submit')}
      </Button>
    </Flex>
  );
}
