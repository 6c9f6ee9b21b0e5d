import { useState } from 'react';
import { App, Button, Card, DatePicker, Flex, Input, Modal, Popconfirm, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { budgetApi, type ProposalView } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { newIdempotencyKey } from '../ledger/ledgerUtil';
import { VoucherUpload, type VoucherFile } from '../ledger/VoucherUpload';
import { DecisionPicker, type DecisionItem } from './DecisionPicker';

type Asked = 'approve' | 'reject' | 'withdraw' | 'cancel' | 'decision' | 'ratify' | null;

/** The buttons of what the caller may do now (the server's `mayAct`), each confirmed, with a note or a reason where the rule wants one. */
export function ProposalActions({ code, p, onChanged }: { code: string; p: ProposalView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useAction();
  const [asked, setAsked] = useState<Asked>(null);
  const [note, setNote] = useState('');
  const [verdict, setVerdict] = useState<'approve' | 'reject'>('approve');
  const [pick, setPick] = useState<DecisionItem>({ decisionId: null, item: null });
  const may = (a: string) => p.mayAct.includes(a);

  const done = async (fn: () => Promise<ProposalView>) => {
    const r = await action.run(fn);
    if (!r) return;
    void message.success(t('spending.act.done'));
    setAsked(null);
    setNote('');
    onChanged();
  };

  const noteRequired = asked === 'reject' || asked === 'withdraw' || asked === 'cancel' || (asked === 'ratify' && verdict === 'reject');
  const ok = () => {
    const n = note.trim();
    if (asked === 'approve') return done(() => budgetApi.approve(code, p.id, n || undefined));
    if (asked === 'reject') return done(() => budgetApi.reject(code, p.id, n));
    if (asked === 'withdraw') return done(() => budgetApi.withdraw(code, p.id, n));
    if (asked === 'cancel') return done(() => budgetApi.cancel(code, p.id, n));
    if (asked === 'ratify') return done(() => budgetApi.ratify(code, p.id, verdict, n || undefined));
    if (asked === 'decision' && pick.decisionId !== null && pick.item !== null) {
      const body = { decisionId: pick.decisionId, item: pick.item };
      return done(() => budgetApi.linkDecision(code, p.id, body));
    }
    return undefined;
  };
  const okDisabled = (noteRequired && !note.trim()) || (asked === 'decision' && (pick.decisionId === null || pick.item === null));

  const buttons = (
    <Flex gap={8} wrap>
      {may('approve') && (
        <Button type="primary" onClick={() => setAsked('approve')} data-testid="proposal-act-approve">
          {t('spending.act.approve')}
        </Button>
      )}
      {may('reject') && (
        <Button danger onClick={() => setAsked('reject')} data-testid="proposal-act-reject">
          {t('spending.act.reject')}
        </Button>
      )}
      {may('decision') && (
        <Button onClick={() => setAsked('decision')} data-testid="proposal-act-decision">
          {t('spending.act.decision')}
        </Button>
      )}
      {may('disclose') && (
        <Popconfirm title={t('spending.act.disclose')} description={t('spending.act.discloseConfirm')} okText={t('spending.act.disclose')} cancelText={t('common.cancel')} onConfirm={() => done(() => budgetApi.disclose(code, p.id))}>
          <Button loading={action.busy && asked === null} data-testid="proposal-act-disclose">
            {t('spending.act.disclose')}
          </Button>
        </Popconfirm>
      )}
      {may('ratify') && (
        <Button type="primary" onClick={() => setAsked('ratify')} data-testid="proposal-act-ratify">
          {t('spending.act.ratify')}
        </Button>
      )}
      {may('cancel') && (
        <Button danger type="text" onClick={() => setAsked('cancel')} data-testid="proposal-act-cancel">
          {t('spending.act.cancel')}
        </Button>
      )}
      {may('withdraw') && (
        <Button danger type="text" onClick={() => setAsked('withdraw')} data-testid="proposal-act-withdraw">
          {t('spending.act.withdraw')}
        </Button>
      )}
    </Flex>
  );

  const onlyPost = p.mayAct.every((a) => a === 'post');
  return (
    <Flex vertical gap={12}>
      {!onlyPost && (
        <Card size="small" title={t('spending.act.title')} data-testid="proposal-actions">
          {buttons}
          {action.error && asked === null && <div style={{ marginTop: 8 }}><ErrorAlert error={action.error} /></div>}
        </Card>
      )}
      {may('post') && <PostForm code={code} p={p} onPosted={onChanged} />}
      <Modal
        open={asked !== null}
        title={asked === 'ratify' ? t('spending.act.ratify') : asked ? t(`spending.act.${asked}`) : ''}
        okText={asked === 'ratify' ? t('spending.act.ratify') : asked ? t(`spending.act.${asked}`) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: okDisabled, danger: asked === 'reject' || asked === 'withdraw' || asked === 'cancel', 'data-testid': 'proposal-act-ok' }}
        confirmLoading={action.busy}
        onOk={() => void ok()}
        onCancel={() => setAsked(null)}
      >
        <Flex vertical gap={8}>
          {asked === 'approve' && <Typography.Text>{t('spending.act.approveConfirm')}</Typography.Text>}
          {asked === 'cancel' && <Typography.Text>{t('spending.act.cancelConfirm')}</Typography.Text>}
          {asked === 'decision' && (
            <>
              <Typography.Text type="secondary">{t('spending.act.decisionIntro')}</Typography.Text>
              <DecisionPicker code={code} value={pick} onChange={setPick} />
            </>
          )}
          {asked === 'ratify' && (
            <Radio.Group value={verdict} onChange={(e) => setVerdict(e.target.value as 'approve' | 'reject')}>
              <Radio value="approve">{t('spending.act.ratifyApprove')}</Radio>
              <Radio value="reject">{t('spending.act.ratifyReject')}</Radio>
            </Radio.Group>
          )}
          {asked !== 'decision' && (
            <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={noteRequired ? t('spending.act.noteRequired') : t('spending.act.note')} data-testid="proposal-act-note" />
          )}
          {action.error && <ErrorAlert error={action.error} />}
        </Flex>
      </Modal>
    </Flex>
  );
}

/**
 * 记账 (the trustee, once approved): the payment date and the vouchers, uploaded through the
 * ledger's voucher route (the quotes stay with the proposal, which the entry links to). One
 * idempotency key per form: a double tap or a retry posts once.
 */
function PostForm({ code, p, onPosted }: { code: string; p: ProposalView; onPosted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [vouchers, setVouchers] = useState<VoucherFile[]>([]);
  const [key] = useState(newIdempotencyKey);
  const action = useAction();
  const uploading = vouchers.some((v) => v.status === 'uploading');
  const submit = async () => {
    const files = vouchers.filter((v) => v.status === 'done' && v.response).map((v) => ({ sha256: v.response!.sha256, name: v.name }));
    const r = await action.run(() => budgetApi.postProposal(code, p.id, { idempotencyKey: key, date: date.format('YYYY-MM-DD'), vouchers: files }));
    if (!r) return;
    void message.success(t('spending.post.done', { seq: r.ledgerSeq ?? '' }));
    onPosted();
  };
  return (
    <Card size="small" title={t('spending.post.title')} data-testid="proposal-post">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('spending.post.intro', { account: p.account })}</Typography.Text>
        <div>
          <Typography.Text>{t('spending.post.date')}</Typography.Text>
          <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%', maxWidth: 240, display: 'block' }} data-testid="proposal-post-date" />
        </div>
        <div>
          <Typography.Text>{t('spending.post.vouchers')}</Typography.Text>
          <VoucherUpload code={code} files={vouchers} onChange={setVouchers} />
        </div>
        {action.error && <ErrorAlert error={action.error} />}
        <Button type="primary" loading={action.busy} disabled={uploading || !vouchers.some((v) => v.status === 'done')} onClick={() => void submit()} style={{ alignSelf: 'start' }} data-testid="proposal-post-submit">
          {t('spending.post.submit')}
        </Button>
      </Flex>
    </Card>
  );
}
