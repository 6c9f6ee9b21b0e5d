import { Card, Descriptions, Flex, Steps, Tag, Typography } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Decision } from '../../api';
import { currentLang } from '../../i18n';
import { formatDate } from '../../format';
import { formatRateCf } from '../billing/billingUtil';
import { STEPS, stepOf } from './decisionsUtil';

/** Where the decision stands: the ordinary path, with the end it came to (生效 / 未通过 / 已撤回). */
export function DecisionSteps({ decision }: { decision: Decision }) {
  const { t } = useTranslation();
  const { current, status } = stepOf(decision.state);
  const ended = decision.state === 'failed' || decision.state === 'withdrawn';
  return (
    <Steps
      type="dot"
      size="small"
      responsive={false}
      current={current}
      status={status}
      data-testid="decision-steps"
      items={STEPS.map((s, i) => ({
        title: <span style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{ended && i === current ? t(`decisions.state.${decision.state}`) : t(`decisions.steps.${s}`)}</span>,
      }))}
    />
  );
}

/** The notice: form, dates, what counts, the items with their matter and rule, attachments. */
export function DecisionDetails({ code, decision, showAttachments }: { code: string; decision: Decision; showAttachments: boolean }) {
  const { t } = useTranslation();
  const d = decision;
  const extra = (d.includeParking ? t('decisions.scopeParking') : '') + (d.includeStorage ? t('decisions.scopeStorage') : '');
  const dates = [
    { key: 'voting', label: t('decisions.votingPeriod'), children: t('decisions.votingRange', { from: formatDate(d.votingOpensOn), to: formatDate(d.votingClosesOn) }) },
    { key: 'noticed', label: t('decisions.noticedOn'), children: formatDate(d.noticedOn) },
    ...(d.state === 'noticed' && d.earliestOpeningOn ? [{ key: 'earliest', label: t('decisions.earliestOpeningOn'), children: formatDate(d.earliestOpeningOn) }] : []),
    ...(d.publishedOn ? [{ key: 'published', label: t('decisions.publishedOn'), children: formatDate(d.publishedOn) }] : []),
    ...(d.objectionEndsOn ? [{ key: 'objection', label: t('decisions.objectionEndsOn'), children: formatDate(d.objectionEndsOn) }] : []),
    ...(d.finishedOn ? [{ key: 'finished', label: t('decisions.finishedOn'), children: formatDate(d.finishedOn) }] : []),
    ...(d.meetingPlace ? [{ key: 'place', label: t('decisions.meetingPlace'), children: d.meetingPlace }] : []),
    { key: 'scope', label: t('decisions.scope'), children: t('decisions.scopeValue', { extra }) },
    ...(d.withdrawnReason ? [{ key: 'withdrawn', label: t('decisions.withdrawnReason'), children: d.withdrawnReason }] : []),
  ];
  return (
    <Flex vertical gap={12}>
      <Card size="small" styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={12}>
          <DecisionSteps decision={d} />
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={dates} data-testid="decision-dates" />
          {d.description && (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 6, expandable: true, symbol: '…' }}>
              {d.description}
            </Typography.Paragraph>
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('decisions.items')} styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={12}>
          {d.items.map((i) => (
            <Flex key={i.position} vertical gap={4} data-testid="decision-item" style={{ paddingBottom: 8, borderBottom: '1px solid #f0f0f0' }}>
              <Typography.Text strong>
                {t('decisions.itemNo', { n: i.position })} {i.title}
              </Typography.Text>
              <Flex wrap gap={4}>
                <Tag style={{ whiteSpace: 'normal' }}>{currentLang() === 'en' ? i.matterNameEn : i.matterName}</Tag>
                <Tag color={i.rule === 'three_quarters' ? 'orange' : 'blue'} data-testid="decision-item-rule">
                  {t(`decisions.rule.${i.rule}`)}
                </Tag>
              </Flex>
              {i.fee && (
                <Typography.Text data-testid="decision-item-fee">
                  {t('decisions.fee', { kind: t(`kind.${i.fee.unitKind}`), rate: formatRateCf(i.fee.rateCf), from: formatDate(i.fee.effectiveFrom) })}
                </Typography.Text>
              )}
              {i.fee && d.state === 'final' && (
                <Typography.Text type={i.fee.scheduleId ? 'success' : 'warning'} data-testid="decision-item-schedule">
                  {i.fee.scheduleId ? t('decisions.feeApplied', { from: formatDate(i.fee.effectiveFrom) }) : t('decisions.feeNotApplied')}
                </Typography.Text>
              )}
              {i.body && (
                <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 4, expandable: true, symbol: '…' }}>
                  {i.body}
                </Typography.Paragraph>
              )}
            </Flex>
          ))}
        </Flex>
      </Card>
      {d.attachments.length > 0 && (
        <Card size="small" title={t('decisions.attachments')} styles={{ body: { padding: 12 } }}>
          {showAttachments ? (
            <Flex vertical gap={6}>
              {d.attachments.map((a) => (
                <Typography.Link key={a.sha256} href={api.decisionAttachmentUrl(code, d.id, a.sha256)} target="_blank" data-testid="decision-attachment">
                  <FileOutlined /> {t(`decisions.attachmentKind.${a.kind}`)} · {a.name}
                </Typography.Link>
              ))}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('decisions.attachmentsSignIn')}</Typography.Text>
          )}
        </Card>
      )}
    </Flex>
  );
}
