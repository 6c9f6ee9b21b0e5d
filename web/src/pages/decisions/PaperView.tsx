import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type PaperEntry } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { PageLoading } from '../../components/PageLoading';
import { formatDateTime } from '../../format';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';
import { ItemChoices, allChosen, type Choices, type Item } from './ItemChoices';
import { DOCUMENT_MIB, newKey } from './decisionsUtil';

const STATUS_COLORS: Record<PaperEntry['status'], string> = { pending: 'orange', confirmed: 'green', rejected: 'default' };

/**
 * 纸质表决票: one committee member keys a paper ballot in with its scan; it counts once a second
 * member has keyed in the same choices from the scan (the server refuses the same member).
 * The supervisor reads the list and the scans.
 */
export function PaperView({ code, decisionId, items, canAct, voting }: { code: string; decisionId: number; items: Item[]; canAct: boolean; voting: boolean }) {
  const { t } = useTranslation();
  const list = useRequest((signal) => api.paperEntries(code, decisionId, signal), [code, decisionId]);
  return (
    <Flex vertical gap={12} data-testid="decision-paper">
      <Alert type="info" showIcon title={t('paper.twoMembers')} />
      {canAct && voting && <PaperForm code={code} decisionId={decisionId} items={items} onEntered={list.reload} />}
      <Card size="small" title={t('paper.list')} styles={{ body: { padding: 12 } }}>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <PageLoading />
        ) : !list.data.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('paper.empty')} />
        ) : (
          <Flex vertical>
            {list.data.map((e) => (
              <PaperRow key={e.id} code={code} decisionId={decisionId} entry={e} items={items} canAct={canAct && voting} onDone={list.reload} />
            ))}
          </Flex>
        )}
      </Card>
    </Flex>
  );
}

function PaperForm({ code, decisionId, items, onEntered }: { code: string; decisionId: number; items: Item[]; onEntered: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [unitCode, setUnitCode] = useState('');
  const [choices, setChoices] = useState<Choices>({});
  const [scan, setScan] = useState<DocumentFile[]>([]);
  const [authorization, setAuthorization] = useState<DocumentFile[]>([]);
  const [key, setKey] = useState(newKey);
  const { busy, error, run } = useAction();
  const chosen = allChosen(items, choices);
  const scanned = stored(scan[0]);

  const enter = async () => {
    if (!chosen || !scanned || !unitCode.trim()) return;
    const r = await run(() => api.enterPaper(code, decisionId, { unitCode: unitCode.trim(), choices: chosen, scanSha256: scanned.sha256, authorizationSha256: stored(authorization[0])?.sha256 ?? null, idempotencyKey: key }));
    if (!r) return;
    void message.success(`${r.unitCodes.join(' ')} · ${t('paper.entered')}`);
    setUnitCode('');
    setChoices({});
    setScan([]);
    setAuthorization([]);
    setKey(newKey());
    onEntered();
  };

  return (
    <Card size="small" title={t('paper.enterTitle')} styles={{ body: { padding: 12 } }} data-testid="paper-form">
      <Form layout="vertical" onFinish={() => void enter()}>
        <Form.Item label={t('paper.unitCode')} required>
          <Input value={unitCode} onChange={(e) => setUnitCode(e.target.value)} maxLength={50} placeholder="1-1-0101" data-testid="paper-unit" />
        </Form.Item>
        <Form.Item>
          <ItemChoices items={items} choices={choices} onChange={setChoices} testId="paper-choice" />
        </Form.Item>
        <Form.Item label={t('paper.scan')} required>
          <DocumentUpload upload={(f) => api.uploadDecisionDocument(code, f)} maxMiB={DOCUMENT_MIB} files={scan} onChange={setScan} label={t('paper.upload')} testId="paper-scan" />
        </Form.Item>
        <Form.Item label={t('paper.authorization')}>
          <DocumentUpload upload={(f) => api.uploadDecisionDocument(code, f)} maxMiB={DOCUMENT_MIB} files={authorization} onChange={setAuthorization} label={t('paper.upload')} />
        </Form.Item>
        {error && <ErrorAlert error={error} />}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={!chosen || !scanned || !unitCode.trim()} style={{ marginTop: 8 }} data-testid="paper-submit">
          {t('paper.enter')}
        </Button>
      </Form>
    </Card>
  );
}

function PaperRow({ code, decisionId, entry, items, canAct, onDone }: { code: string; decisionId: number; entry: PaperEntry; items: Item[]; canAct: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'confirm' | 'reject' | null>(null);
  const [choices, setChoices] = useState<Choices>({});
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const chosen = allChosen(items, choices);

  const act = async () => {
    const done =
      mode === 'confirm' && chosen ? await run(() => api.confirmPaper(code, decisionId, entry.id, chosen)) : mode === 'reject' ? await run(() => api.rejectPaper(code, decisionId, entry.id, reason.trim())) : undefined;
    if (!done) return;
    void message.success(mode === 'reject' ? t('paper.rejected') : t('paper.confirmed'));
    setMode(null);
    onDone();
  };

  return (
    <Flex vertical gap={4} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="paper-row" data-status={entry.status}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>{entry.unitCodes.join(' ')}</Typography.Text>
        <Tag color={STATUS_COLORS[entry.status]} style={{ marginInlineEnd: 0 }}>
          {t(`paper.status.${entry.status}`)}
        </Tag>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('paper.enteredBy', { name: entry.enteredBy, at: formatDateTime(entry.enteredAt) })}
      </Typography.Text>
      {entry.decidedBy && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('paper.decidedBy', { name: entry.decidedBy, at: formatDateTime(entry.decidedAt) })}
          {entry.rejectReason ? ` · ${entry.rejectReason}` : ''}
        </Typography.Text>
      )}
      <Flex wrap gap={12} align="center">
        <Typography.Link href={api.ballotDocumentUrl(code, decisionId, entry.scanSha256)} target="_blank">
          {t('paper.viewScan')}
        </Typography.Link>
        {entry.authorizationSha256 && (
          <Typography.Link href={api.ballotDocumentUrl(code, decisionId, entry.authorizationSha256)} target="_blank">
            {t('paper.viewAuthorization')}
          </Typography.Link>
        )}
        {canAct && entry.status === 'pending' && (
          <>
            <Button size="small" type="primary" onClick={() => setMode('confirm')} data-testid="paper-confirm">
              {t('paper.confirm')}
            </Button>
            <Button size="small" danger onClick={() => setMode('reject')} data-testid="paper-reject">
              {t('paper.reject')}
            </Button>
          </>
        )}
      </Flex>
      <Modal
        open={mode !== null}
        title={mode === 'reject' ? t('paper.reject') : t('paper.confirmTitle', { units: entry.unitCodes.join(' ') })}
        okText={mode === 'reject' ? t('paper.reject') : t('paper.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: mode === 'reject', disabled: mode === 'reject' ? !reason.trim() : !chosen }}
        confirmLoading={busy}
        onOk={() => void act()}
        onCancel={() => setMode(null)}
      >
        <Flex vertical gap={12}>
          {mode === 'reject' ? (
            <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('paper.rejectReason')} />
          ) : (
            <>
              <Typography.Text type="secondary">{t('paper.confirmHint')}</Typography.Text>
              <Typography.Link href={api.ballotDocumentUrl(code, decisionId, entry.scanSha256)} target="_blank">
                {t('paper.viewScan')}
              </Typography.Link>
              <ItemChoices items={items} choices={choices} onChange={setChoices} testId="paper-confirm-choice" />
            </>
          )}
          {error && <ErrorAlert error={error} />}
        </Flex>
      </Modal>
    </Flex>
  );
}
