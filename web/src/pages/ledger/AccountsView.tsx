import { Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountAmount, TrialBalance } from '../../api';
import { formatFen } from '../../format';
import { accountLabel } from './names';

/** The chart of accounts with cumulative debits, credits and balances (the trial balance); each opens its entries. */
export function AccountsView({ data, loading, onDrill }: { data: TrialBalance | undefined; loading: boolean; onDrill: (account: string) => void }) {
  const { t } = useTranslation();
  const balanced = data ? data.debitFen === data.creditFen : true;
  return (
    <Table<AccountAmount>
      data-testid="ledger-accounts"
      size="small"
      rowKey="code"
      loading={loading}
      pagination={false}
      dataSource={data?.accounts ?? []}
      columns={[
        { key: 'account', title: t('ledger.account'), render: (_, a) => accountLabel(a) },
        { key: 'type', title: t('ledger.reason'), responsive: ['sm'], render: (_, a) => <Tag>{t(`ledger.accountType.${a.type}`)}</Tag> },
        { key: 'debit', title: t('ledger.trialDebit'), align: 'right', responsive: ['md'], render: (_, a) => formatFen(a.debitFen) },
        { key: 'credit', title: t('ledger.trialCredit'), align: 'right', responsive: ['md'], render: (_, a) => formatFen(a.creditFen) },
        { key: 'balance', title: t('ledger.trialBalance'), align: 'right', render: (_, a) => formatFen(a.amountFen) },
        {
          key: 'drill',
          title: '',
          width: 90,
          render: (_, a) =>
            a.debitFen || a.creditFen ? (
              <Button size="small" type="link" onClick={() => onDrill(a.code)} data-testid="account-drill">
                {t('ledger.drillDown')}
              </Button>
            ) : null,
        },
      ]}
      summary={() =>
        data ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={6}>
              <Typography.Text strong>
                {t('ledger.trialTotal')}: {t('ledger.debitColumn')} {formatFen(data.debitFen)} · {t('ledger.creditColumn')} {formatFen(data.creditFen)}{' '}
              </Typography.Text>
              <Tag color={balanced ? 'green' : 'red'}>{balanced ? t('ledger.trialBalanced') : t('ledger.trialUnbalanced')}</Tag>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
