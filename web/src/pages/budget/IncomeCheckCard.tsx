import { Card, Flex, Tag, Typography } from 'antd';
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Basis, IncomeCheck } from '../../api';
import { formatFen } from '../../format';
import { formatBp } from '../billing/billingUtil';
import { signedFen } from './budgetUtil';

const NUM = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function Row({ label, value, strong, sign, testId }: { label: React.ReactNode; value: string; strong?: boolean; sign?: '+' | '-' | '='; testId?: string }) {
  return (
    <Flex justify="space-between" gap={8} align="baseline" data-testid={testId}>
      <Typography.Text type={strong ? undefined : 'secondary'} strong={strong}>
        {sign && <span style={{ display: 'inline-block', width: 14, color: '#999' }}>{sign}</span>}
        {label}
      </Typography.Text>
      <Typography.Text strong={strong} style={NUM}>
        {value}
      </Typography.Text>
    </Flex>
  );
}

/** The difference, green when the plan stays within collectable income, red when it does not. */
export function DifferenceTag({ income }: { income: IncomeCheck }) {
  const { t } = useTranslation();
  return (
    <Tag color={income.withinIncome ? 'green' : 'red'} icon={income.withinIncome ? <CheckCircleOutlined /> : <WarningOutlined />} style={{ marginInlineEnd: 0 }} data-testid="budget-difference" data-within={income.withinIncome ? 'true' : 'false'}>
      {t('budget.income.difference')} {signedFen(income.differenceFen)}
    </Tag>
  );
}

/**
 * 以收定支: fees × expected collection rate, public revenue, other income and the reserve drawn
 * make what can realistically be spent; planned spending against it, the difference green or red.
 */
export function IncomeCheckCard({ income, basis, basisText, title }: { income: IncomeCheck; basis?: Basis; basisText?: string; title?: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title ?? t('budget.income.title')} extra={<DifferenceTag income={income} />} data-testid="budget-income">
      <Flex vertical gap={4} style={{ maxWidth: 520 }}>
        {basis && <Row label={t('budget.income.feeIncome')} value={formatFen(basis.feeIncomeFen)} />}
        {basis && <Row label={t('budget.income.collectionRate')} value={`× ${formatBp(basis.collectionRateBp)}`} />}
        <Row label={t('budget.income.expectedFees')} value={formatFen(income.expectedFeesFen)} />
        <Row sign="+" label={t('budget.income.publicRevenue')} value={formatFen(income.publicRevenueFen)} />
        <Row sign="+" label={t('budget.income.otherIncome')} value={formatFen(income.otherIncomeFen)} />
        <Row sign="+" label={t('budget.income.reserve')} value={formatFen(income.reserveFen)} />
        <Row sign="=" strong label={t('budget.income.available')} value={formatFen(income.availableFen)} testId="budget-available" />
        <Row sign="-" strong label={t('budget.income.planned')} value={formatFen(income.plannedFen)} testId="budget-planned" />
        <Flex justify="space-between" gap={8} align="baseline" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 4 }}>
          <Typography.Text strong>{income.withinIncome ? t('budget.income.within') : t('budget.income.over')}</Typography.Text>
          <Typography.Text strong style={{ ...NUM, color: income.withinIncome ? '#389e0d' : '#cf1322' }}>
            {signedFen(income.differenceFen)}
          </Typography.Text>
        </Flex>
        {basisText && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap', fontSize: 13 }}>
            <Typography.Text type="secondary" strong>
              {t('budget.basisTitle')}：
            </Typography.Text>
            {basisText}
          </Typography.Paragraph>
        )}
      </Flex>
    </Card>
  );
}
