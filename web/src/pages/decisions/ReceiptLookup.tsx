import { useState } from 'react';
import { Card, Flex, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type BallotReceipt } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { formatDateTime } from '../../format';
import { CHOICE_COLORS } from './decisionsUtil';

/** 查询选票: anyone holding a receipt code sees that ballot (pseudonym, choices, seq, hash, counted). */
export function ReceiptLookup({ code, decisionId, titleOf }: { code: string; decisionId: number; titleOf: (item: number) => string }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const [found, setFound] = useState<BallotReceipt | null>(null);

  const look = async (receipt: string) => {
    if (!receipt.trim()) return;
    setFound(null);
    setFound((await run(() => api.ballotReceipt(code, decisionId, receipt.trim()))) ?? null);
  };

  return (
    <Card size="small" title={t('vote.lookupTitle')} styles={{ body: { padding: 12 } }} data-testid="receipt-lookup">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('vote.lookupHint')}
        </Typography.Text>
        <Input.Search
          size="large"
          allowClear
          placeholder={t('vote.lookupPlaceholder')}
          enterButton={t('vote.lookup')}
          loading={busy}
          onSearch={(v) => void look(v)}
          autoComplete="off"
          spellCheck={false}
          data-testid="receipt-input"
        />
        {error && <ErrorAlert error={error} />}
        {found && (
          <Flex vertical gap={6} data-testid="receipt-found">
            <Typography.Text strong>{t('vote.voter', { pseudonym: found.voter })}</Typography.Text>
            {found.ballots.map((b) => (
              <Flex key={b.item} vertical gap={2} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="receipt-ballot">
                <Flex justify="space-between" gap={8} align="start">
                  <Typography.Text style={{ fontSize: 13 }}>
                    {t('decisions.itemNo', { n: b.item })} {titleOf(b.item)}
                  </Typography.Text>
                  <Flex gap={4} style={{ flex: 'none' }}>
                    <Tag color={CHOICE_COLORS[b.choice]} style={{ marginInlineEnd: 0 }}>
                      {t(`decisions.choice.${b.choice}`)}
                    </Tag>
                    <Tag color={b.counted ? 'green' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="receipt-counted">
                      {b.counted ? t('vote.counted') : t('vote.notCounted')}
                    </Tag>
                  </Flex>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`decisions.channel.${b.channel}`)} · {formatDateTime(b.castAt)}
                </Typography.Text>
                <Typography.Text type="secondary" copyable={{ text: b.hash }} style={{ fontSize: 12, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', wordBreak: 'break-all' }}>
                  {t('vote.seqHash', { seq: b.seq, hash: b.hash })}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
