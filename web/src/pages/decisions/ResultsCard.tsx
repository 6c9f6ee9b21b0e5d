import { Alert, Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Decision, type Figure, type ItemResult } from '../../api';
import { currentLang } from '../../i18n';
import { formatAreaCm2, formatDateTime, formatPercent } from '../../format';
import { shortHash } from '../ledger/ledgerUtil';
import { PUBLISHED } from './decisionsUtil';

type Count = NonNullable<Decision['count']>;

/**
 * 表决结果: per item the four figures (participating area and headcount of the total, agreeing
 * area and headcount of those participating), the quorum and approval checks, the server's
 * explanation in plain words, and the ballot chain's head with the export to recount from.
 */
export function ResultsCard({ code, decision, count }: { code: string; decision: Decision; count: Count }) {
  const { t } = useTranslation();
  const published = PUBLISHED.has(decision.state);
  return (
    <Card size="small" title={t('results.title')} data-testid="decision-results" styles={{ body: { padding: 12 } }}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {[t('results.round', { round: count.round }), t('results.countedAt', { at: formatDateTime(count.countedAt) }), t('results.ballots', { count: count.ballots })].join(' · ')}
        </Typography.Text>
        {!published && <Alert type="warning" showIcon title={t('results.notPublished')} />}
        {count.objection && <Alert type="info" showIcon title={t('results.objection', { text: count.objection })} />}
        {!!count.pendingPaper && <Alert type="warning" showIcon title={t('results.pendingPaper', { count: count.pendingPaper })} />}
        {count.results.map((r) => (
          <ItemFigures key={r.item} result={r} title={decision.items.find((i) => i.position === r.item)?.title ?? ''} />
        ))}
        <Flex vertical gap={4} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('results.chainHead')}
          </Typography.Text>
          <Typography.Text code copyable={{ text: count.lastHash }} style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="results-chain-head">
            {t('results.chainHeadValue', { seq: count.lastSeq, hash: `${shortHash(count.lastHash)}…` })}
          </Typography.Text>
          {published && (
            <>
              <a href={api.decisionExportUrl(code, decision.id)} download={`${code}-decision-${decision.id}.json`} data-testid="results-export">
                <Button icon={<DownloadOutlined />} block>
                  {t('results.export')}
                </Button>
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('results.recountHint')}
              </Typography.Text>
            </>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

function Tick({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Typography.Text type={ok ? 'success' : 'danger'} style={{ fontSize: 13, whiteSpace: 'nowrap' }} data-ok={ok}>
      {ok ? <CheckCircleFilled /> : <CloseCircleFilled />} {label}
    </Typography.Text>
  );
}

/** One figure "part / whole" with its percentage, area or headcount. */
function Share({ label, part, whole, area }: { label: string; part: Figure; whole: Figure; area: boolean }) {
  const { t } = useTranslation();
  const [p, w] = area ? [part.areaCm2, whole.areaCm2] : [part.headcount, whole.headcount];
  const show = (n: number) => (area ? formatAreaCm2(n) : t('results.people', { count: n }));
  return (
    <Flex vertical style={{ background: '#fafafa', borderRadius: 6, padding: '6px 8px', height: '100%' }} data-testid="results-figure">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <Typography.Text strong style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}>
        {formatPercent(p, w)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        {t('results.figure', { part: show(p), whole: show(w) })}
      </Typography.Text>
    </Flex>
  );
}

function ItemFigures({ result, title }: { result: ItemResult; title: string }) {
  const { t } = useTranslation();
  const { tally } = result;
  const rule = t(`decisions.rule.${tally.rule}`);
  return (
    <Flex vertical gap={8} data-testid="results-item" data-item={result.item} data-passed={tally.passed}>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong>
          {t('decisions.itemNo', { n: result.item })} {title}
        </Typography.Text>
        <Tag color={tally.passed ? 'green' : 'red'} style={{ marginInlineEnd: 0, flex: 'none', fontSize: 14, padding: '2px 10px' }} data-testid="results-passed">
          {tally.passed ? t('decisions.passed') : t('decisions.notPassed')}
        </Tag>
      </Flex>
      <Row gutter={[8, 8]}>
        <Col xs={12} md={6}>
          <Share label={`${t('results.participating')} · ${t('results.area')} ${t('results.ofTotal')}`} part={tally.participating} whole={tally.total} area />
        </Col>
        <Col xs={12} md={6}>
          <Share label={`${t('results.participating')} · ${t('results.headcount')} ${t('results.ofTotal')}`} part={tally.participating} whole={tally.total} area={false} />
        </Col>
        <Col xs={12} md={6}>
          <Share label={`${t('results.agree')} · ${t('results.area')} ${t('results.ofParticipating')}`} part={tally.agree} whole={tally.participating} area />
        </Col>
        <Col xs={12} md={6}>
          <Share label={`${t('results.agree')} · ${t('results.headcount')} ${t('results.ofParticipating')}`} part={tally.agree} whole={tally.participating} area={false} />
        </Col>
      </Row>
      <Flex wrap gap={12}>
        <Typography.Text style={{ fontSize: 13 }}>{t('results.quorum')}</Typography.Text>
        <Tick ok={tally.quorum.area} label={t('results.areaShort')} />
        <Tick ok={tally.quorum.headcount} label={t('results.headcountShort')} />
      </Flex>
      <Flex wrap gap={12}>
        <Typography.Text style={{ fontSize: 13 }}>{t('results.approval', { rule })}</Typography.Text>
        <Tick ok={tally.approval.area} label={t('results.areaShort')} />
        <Tick ok={tally.approval.headcount} label={t('results.headcountShort')} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        {t('results.opposeAbstain', {
          opposeArea: formatAreaCm2(tally.oppose.areaCm2),
          oppose: tally.oppose.headcount,
          abstainArea: formatAreaCm2(tally.abstain.areaCm2),
          abstain: tally.abstain.headcount,
        })}
      </Typography.Text>
      <Typography.Paragraph style={{ margin: 0, fontSize: 13, background: '#f6ffed', padding: 8, borderRadius: 6 }} data-testid="results-explanation">
        {result.explanation[currentLang()]}
      </Typography.Paragraph>
    </Flex>
  );
}
