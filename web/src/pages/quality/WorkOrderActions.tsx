import { useState } from 'react';
import { App, Button, Card, Flex, Input, Modal, Popconfirm, Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api, type WorkOrder, type WorkOrderDetail } from '../../api';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { formatDateTime } from '../../format';
import { MAX_PHOTO_MIB, MAX_PHOTOS } from './qualityUtil';

type TrusteeStep = 'assign' | 'start' | 'resolve';

/** The trustee's next move (quality.rules.ts WORK_ORDER_TRANSITIONS): 派单, 开始处理, 处理完成. */
export function trusteeStep(o: Pick<WorkOrder, 'state'>): TrusteeStep | null {
  return o.state === 'submitted' ? 'assign' : o.state === 'assigned' ? 'start' : o.state === 'in_progress' ? 'resolve' : null;
}

/**
 * The trustee's button for the order's next move: assigning asks for the worker's name,
 * resolving for a note and photos; starting is confirmed. Used in the queue and on the order.
 */
export function TrusteeAction({ code, order, onMoved, block = false }: { code: string; order: WorkOrder; onMoved: () => void; block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<DocumentFile[]>([]);
  const step = trusteeStep(order);
  if (!step) return null;

  const move = async () => {
    const r = await action.run(() => {
      if (step === 'assign') return api.assignWorkOrder(code, order.id, text.trim());
      if (step === 'start') return api.startWorkOrder(code, order.id);
      const done = photos.map(stored).filter((s) => s !== null);
      return api.resolveWorkOrder(code, order.id, { note: text.trim(), photos: done.length ? done.map((s) => s.sha256) : undefined });
    });
    if (!r) return;
    void message.success(t('quality.act.done', { state: t(`quality.state.${r.state}`) }));
    setOpen(false);
    setText('');
    setPhotos([]);
    onMoved();
  };

  const label = t(`quality.act.${step}`);
  if (step === 'start') {
    return (
      <Flex vertical gap={4}>
        <Popconfirm title={label} okText={label} cancelText={t('common.cancel')} onConfirm={() => void move()}>
          <Button type="primary" block={block} loading={action.busy} data-testid="wo-act-start">
            {label}
          </Button>
        </Popconfirm>
        {action.error && <ErrorAlert error={action.error} />}
      </Flex>
    );
  }
  const uploading = photos.some((f) => f.status === 'uploading');
  return (
    <>
      <Button type="primary" block={block} onClick={() => setOpen(true)} data-testid={`wo-act-${step}`}>
        {label}
      </Button>
      <Modal
        open={open}
        title={`${label} · #${order.id}`}
        okText={label}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !text.trim() || uploading, 'data-testid': `wo-act-${step}-ok` }}
        confirmLoading={action.busy}
        onOk={() => void move()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{order.title}</Typography.Text>
          {step === 'assign' ? (
            <Input maxLength={100} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('quality.act.assignee')} data-testid="wo-assignee" />
          ) : (
            <>
              <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('quality.act.resolveNote')} data-testid="wo-resolve-note" />
              <DocumentUpload kind="photos" upload={(f) => api.uploadWorkOrderPhoto(code, f)} maxMiB={MAX_PHOTO_MIB} max={MAX_PHOTOS} files={photos} onChange={setPhotos} label={t('quality.act.resolvePhotos')} testId="wo-resolve-photos" />
            </>
          )}
          {action.error && <ErrorAlert error={action.error} />}
        </Flex>
      </Modal>
    </>
  );
}

/**
 * What the household can do: once resolved, 确认完成 with 1–5 stars and a comment, or 重新报修
 * within the reopen window; before assignment, 撤销.
 */
export function ResidentActions({ code, order, onMoved }: { code: string; order: WorkOrderDetail; onMoved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useAction();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [reopening, setReopening] = useState(false);
  const [note, setNote] = useState('');
  const canReopen = order.state === 'resolved' && (!order.reopenUntil || dayjs(order.reopenUntil).isAfter(dayjs()));
  if (order.state !== 'resolved' && order.state !== 'submitted') return null;

  const done = (state: WorkOrder['state']) => {
    void message.success(t('quality.act.done', { state: t(`quality.state.${state}`) }));
    setReopening(false);
    onMoved();
  };
  const confirm = async () => {
    const r = await action.run(() => api.confirmWorkOrder(code, order.id, { rating, comment: comment.trim() || undefined }));
    if (r) done(r.state);
  };
  const move = async (step: 'reopen' | 'cancel') => {
    const r = await action.run(() => api.moveMyWorkOrder(code, order.id, step, note.trim() || undefined));
    if (r) done(r.state);
  };

  if (order.state === 'submitted') {
    return (
      <Card size="small" styles={{ body: { padding: 12 } }} data-testid="wo-resident-actions">
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('quality.act.cancelHint')}</Typography.Text>
          <Popconfirm title={t('quality.act.cancel')} description={t('quality.act.cancelConfirm')} okText={t('quality.act.cancel')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => void move('cancel')}>
            <Button danger block loading={action.busy} data-testid="wo-act-cancel">
              {t('quality.act.cancel')}
            </Button>
          </Popconfirm>
          {action.error && <ErrorAlert error={action.error} />}
        </Flex>
      </Card>
    );
  }

  return (
    <Card size="small" title={t('quality.act.confirmTitle')} styles={{ body: { padding: 12 } }} data-testid="wo-resident-actions">
      <Flex vertical gap={10}>
        <Flex align="center" gap={12} wrap>
          <Typography.Text>{t('quality.act.rating')}</Typography.Text>
          <Rate value={rating} onChange={setRating} style={{ fontSize: 28 }} data-testid="wo-rating" />
          {rating > 0 && <Typography.Text type="secondary">{t(`quality.ratingWord.r${rating as 1 | 2 | 3 | 4 | 5}`)}</Typography.Text>}
        </Flex>
        <Input.TextArea rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('quality.act.comment')} data-testid="wo-rating-comment" />
        <Button type="primary" size="large" block disabled={rating < 1} loading={action.busy} onClick={() => void confirm()} data-testid="wo-act-confirm">
          {t('quality.act.confirm')}
        </Button>
        {canReopen && (
          <>
            {order.reopenUntil && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('quality.act.reopenUntil', { time: formatDateTime(order.reopenUntil) })}
              </Typography.Text>
            )}
            {reopening ? (
              <Flex vertical gap={8}>
                <Input.TextArea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('quality.act.reopenNote')} data-testid="wo-reopen-note" />
                <Flex gap={8}>
                  <Button onClick={() => setReopening(false)} style={{ flex: 1 }}>
                    {t('common.cancel')}
                  </Button>
                  <Button danger loading={action.busy} onClick={() => void move('reopen')} style={{ flex: 1 }} data-testid="wo-act-reopen-ok">
                    {t('quality.act.reopen')}
                  </Button>
                </Flex>
              </Flex>
            ) : (
              <Button block onClick={() => setReopening(true)} data-testid="wo-act-reopen">
                {t('quality.act.reopen')}
              </Button>
            )}
          </>
        )}
        {action.error && <ErrorAlert error={action.error} />}
      </Flex>
    </Card>
  );
}
