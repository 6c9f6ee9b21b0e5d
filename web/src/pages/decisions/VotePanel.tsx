import { useState } from 'react';
import { Alert, Button, Card, Flex, Modal, Tag, Typography } from 'antd';
import { CheckCircleOutlined, LoginOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type BallotChoice, type CastBallot, type Decision, type MyVoter } from '../../api';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatAreaCm2, formatDate, formatDateTime } from '../../format';
import { useSession } from '../../session/SessionContext';
import { shortHash } from '../ledger/ledgerUtil';
import { ChoiceButtons } from './ChoiceButtons';
import { CHOICE_COLORS, newKey } from './decisionsUtil';

/**
 * 我的投票, phone first: for each voter the signed-in owner (or registered proxy) may cast for,
 * each item with 同意 / 反对 / 弃权; a confirmation listing the choices (a ballot cannot be
 * changed); then the receipt code to check the ballot with later. Items already cast show
 * their choice and channel.
 */
export function VotePanel({ code, decision }: { code: string; decision: Decision }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const location = useLocation();
  if (!me?.account) {
    if (decision.state !== 'voting') return null;
    return (
      <Card size="small" data-testid="vote-panel">
        <Flex vertical gap={8} align="center">
          <Typography.Text>{t('vote.signIn')}</Typography.Text>
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
            <Button type="primary" size="large" icon={<LoginOutlined />}>
              {t('nav.login')}
            </Button>
          </Link>
        </Flex>
      </Card>
    );
  }
  return <MyVoters code={code} decision={decision} />;
}

function MyVoters({ code, decision }: { code: string; decision: Decision }) {
  const { t } = useTranslation();
  const { data, error, reload } = useRequest((signal) => api.myVoters(code, decision.id, signal), [code, decision.id, decision.state]);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  if (!data.voters.length) return decision.state === 'voting' ? <Alert type="info" showIcon title={t('vote.noVoter')} data-testid="vote-no-voter" /> : null;
  return (
    <Card
      size="small"
      title={t('vote.title')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {data.canVote ? t('vote.closesOn', { date: formatDate(data.votingClosesOn) }) : decision.state === 'voting' || decision.state === 'noticed' ? t('vote.notOpen') : t('vote.closed', { date: formatDate(data.votingClosesOn) })}
        </Typography.Text>
      }
      styles={{ body: { padding: 12 } }}
      data-testid="vote-panel"
    >
      <Flex vertical gap={16}>
        {data.voters.map((v) => (
          <VoterBallot key={v.voterId} code={code} decisionId={decision.id} voter={v} canVote={data.canVote} onCast={reload} />
        ))}
      </Flex>
    </Card>
  );
}

function VoterBallot({ code, decisionId, voter, canVote, onCast }: { code: string; decisionId: number; voter: MyVoter; canVote: boolean; onCast: () => void }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<Record<number, BallotChoice>>({});
  // one key per form, kept across retries: a double tap or a resend casts once
  const [key, setKey] = useState(newKey);
  const [confirming, setConfirming] = useState(false);
  const { busy: sending, error, run } = useAction();
  const [receipt, setReceipt] = useState<CastBallot | null>(null);
  const open = voter.items.filter((i) => i.choice === null);
  const complete = open.length > 0 && open.every((i) => choices[i.item]);
  const titleOf = (item: number) => voter.items.find((i) => i.item === item)?.title ?? '';

  const cast = async () => {
    if (sending) return;
    const r = await run(() => api.castBallot(code, decisionId, { voterId: voter.voterId, choices: open.map((i) => ({ item: i.item, choice: choices[i.item]! })), idempotencyKey: key }));
    setConfirming(false);
    if (!r) return;
    setReceipt(r);
    setChoices({});
    setKey(newKey());
    onCast();
  };

  return (
    <Flex vertical gap={12} data-testid="vote-voter" data-voter={voter.voterId}>
      <Flex vertical gap={2}>
        <Flex wrap gap={6} align="center">
          <Typography.Text strong style={{ fontSize: 16 }}>
            {voter.unitCodes.join(' ')}
          </Typography.Text>
          {voter.asProxy && <Tag color="purple">{t('vote.asProxy')}</Tag>}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {formatAreaCm2(voter.areaCm2)} · {t('vote.pseudonym')} {voter.pseudonym}
        </Typography.Text>
      </Flex>
      {receipt && <Receipt receipt={receipt} titleOf={titleOf} />}
      {voter.items.map((i) => (
        <Flex key={i.item} vertical gap={8} data-testid="vote-item" data-item={i.item} data-choice={i.choice ?? ''}>
          <Typography.Text>
            {t('decisions.itemNo', { n: i.item })} {i.title}
          </Typography.Text>
          {i.choice !== null ? (
            <Flex wrap gap={6} align="center" data-testid="vote-cast">
              <CheckCircleOutlined style={{ color: '#1f6f5c' }} />
              <Typography.Text type="secondary">{t('vote.voted')}</Typography.Text>
              <Tag color={CHOICE_COLORS[i.choice]} style={{ fontSize: 14, padding: '2px 10px' }}>
                {t('vote.votedVia', { choice: t(`decisions.choice.${i.choice}`), channel: t(`decisions.channel.${i.channel ?? 'online'}`) })}
              </Tag>
            </Flex>
          ) : canVote ? (
            <ChoiceButtons value={choices[i.item]} onChange={(c) => setChoices((prev) => ({ ...prev, [i.item]: c }))} testId={`vote-choice-${i.item}`} />
          ) : null}
        </Flex>
      ))}
      {error && <ErrorAlert error={error} />}
      {canVote && open.length > 0 && (
        <>
          <Button type="primary" size="large" block disabled={!complete} onClick={() => setConfirming(true)} data-testid="vote-submit">
            {complete ? t('vote.submit') : t('vote.chooseAll')}
          </Button>
          <Modal
            open={confirming}
            title={t('vote.confirmTitle')}
            okText={t('vote.confirmOk')}
            cancelText={t('common.cancel')}
            onOk={() => void cast()}
            onCancel={() => setConfirming(false)}
            confirmLoading={sending}
            okButtonProps={{ size: 'large', 'data-testid': 'vote-confirm-ok' } as React.ComponentProps<typeof Button>}
            cancelButtonProps={{ size: 'large' }}
            centered
          >
            <Flex vertical gap={8} data-testid="vote-confirm">
              <Typography.Text type="secondary">{voter.unitCodes.join(' ')}</Typography.Text>
              {open.map((i) => (
                <Flex key={i.item} justify="space-between" gap={8} align="start">
                  <Typography.Text>
                    {t('decisions.itemNo', { n: i.item })} {i.title}
                  </Typography.Text>
                  {choices[i.item] && (
                    <Tag color={CHOICE_COLORS[choices[i.item]!]} style={{ flex: 'none', marginInlineEnd: 0, fontSize: 14 }}>
                      {t(`decisions.choice.${choices[i.item]!}`)}
                    </Tag>
                  )}
                </Flex>
              ))}
              <Alert type="warning" showIcon title={t('vote.confirmWarning')} />
            </Flex>
          </Modal>
        </>
      )}
    </Flex>
  );
}

/** The receipt after casting: the code big and copyable, the pseudonym, each ballot with its seq and hash. */
function Receipt({ receipt, titleOf }: { receipt: CastBallot; titleOf: (item: number) => string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} style={{ background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 8, padding: 12 }} data-testid="vote-receipt">
      <Typography.Text strong style={{ color: '#1f6f5c', fontSize: 16 }}>
        <CheckCircleOutlined /> {t('vote.receiptTitle')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('vote.receiptCode')}
      </Typography.Text>
      <Typography.Text copyable strong style={{ fontSize: 22, letterSpacing: 1, wordBreak: 'break-all', fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} data-testid="vote-receipt-code">
        {receipt.receiptCode}
      </Typography.Text>
      <Typography.Text style={{ fontSize: 13 }}>
        {t('vote.pseudonym')} {receipt.voter.pseudonym} · {t('vote.castAt')} {formatDateTime(receipt.castAt)}
      </Typography.Text>
      {receipt.ballots.map((b) => (
        <Flex key={b.item} vertical gap={2}>
          <Flex justify="space-between" gap={8} align="start">
            <Typography.Text style={{ fontSize: 13 }}>
              {t('decisions.itemNo', { n: b.item })} {titleOf(b.item)}
            </Typography.Text>
            <Tag color={CHOICE_COLORS[b.choice]} style={{ flex: 'none', marginInlineEnd: 0 }}>
              {t(`decisions.choice.${b.choice}`)}
            </Tag>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
            {t('vote.seqHash', { seq: b.seq, hash: `${shortHash(b.hash)}…` })}
          </Typography.Text>
        </Flex>
      ))}
      <Alert type="info" showIcon title={t('vote.receiptHint')} />
    </Flex>
  );
}
