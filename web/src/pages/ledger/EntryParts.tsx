import { Flex, Tag, Tooltip, Typography } from 'antd';
import { FileOutlined, LockOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type LedgerEntry } from '../../api';
import { formatFen } from '../../format';
import { shortHash } from './ledgerUtil';
import { type ChartNames, labelOf } from './names';

const REASON_COLORS: Record<string, string> = {
  fee_income: 'green',
  fee_payment: 'green',
  prepayment: 'green',
  public_revenue: 'cyan',
  interest: 'cyan',
  expense: 'orange',
  payable_payment: 'orange',
  remuneration_accrual: 'purple',
  remuneration_payment: 'purple',
  reversal: 'red',
  fee_refund: 'red',
};

export function ReasonTag({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const known = ['opening', 'fee_income', 'fee_billed', 'fee_payment', 'prepayment', 'fee_refund', 'public_revenue', 'interest', 'expense', 'payable_payment', 'remuneration_accrual', 'remuneration_payment', 'reversal', 'adjustment'];
  return <Tag color={REASON_COLORS[reason]}>{known.includes(reason) ? t(`ledger.reasons.${reason as 'expense'}`) : reason}</Tag>;
}

/** "借 5002 保洁费用 ¥1,234.56" per line. */
export function EntryLines({ entry, chart }: { entry: LedgerEntry; chart: ChartNames | undefined }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2} data-testid="entry-lines">
      {entry.lines.map((l, i) => (
        <Flex key={i} justify="space-between" gap={8} style={{ paddingLeft: l.creditFen ? 16 : 0 }}>
          <Typography.Text style={{ minWidth: 0 }} ellipsis={{ tooltip: labelOf(chart, l.account) }}>
            <Typography.Text type="secondary">{l.debitFen ? t('ledger.debit') : t('ledger.credit')}</Typography.Text> {labelOf(chart, l.account)}
          </Typography.Text>
          <Typography.Text style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatFen(l.debitFen || l.creditFen)}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

/** Voucher names; links for those who may open them (every view is logged on the server). */
export function EntryVouchers({ code, entry, showLinks, signedIn }: { code: string; entry: LedgerEntry; showLinks: boolean; signedIn: boolean }) {
  const { t } = useTranslation();
  if (!entry.vouchers.length) return <Typography.Text type="secondary">{t('ledger.noVoucher')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {entry.vouchers.map((v) =>
        showLinks ? (
          <a key={v.sha256} href={api.voucherUrl(code, entry.seq, v.sha256)} target="_blank" rel="noopener noreferrer" data-testid="entry-voucher-link">
            <FileOutlined /> {v.name}
          </a>
        ) : (
          <Tooltip key={v.sha256} title={signedIn ? `SHA-256 ${v.sha256}` : t('ledger.voucherSignIn')}>
            <Typography.Text type="secondary" data-testid="entry-voucher-name">
              <LockOutlined /> {v.name}
            </Typography.Text>
          </Tooltip>
        ),
      )}
    </Flex>
  );
}

export function ReversalLinks({ code, entry }: { code: string; entry: LedgerEntry }) {
  const { t } = useTranslation();
  const to = (seq: number) => `/c/${encodeURIComponent(code)}/ledger/entries/${seq}`;
  return (
    <>
      {entry.reversedBy !== null && (
        <Link to={to(entry.reversedBy)} data-testid="entry-reversed-by">
          <Tag color="red">{t('ledger.reversedBy', { seq: entry.reversedBy })}</Tag>
        </Link>
      )}
      {entry.reverses !== null && (
        <Link to={to(entry.reverses)} data-testid="entry-reverses">
          <Tag color="volcano">{t('ledger.reverses', { seq: entry.reverses })}</Tag>
        </Link>
      )}
    </>
  );
}

export function HashText({ hash }: { hash: string }) {
  return (
    <Tooltip title={hash}>
      <Typography.Text code copyable={{ text: hash }} style={{ fontSize: 12 }}>
        {shortHash(hash)}
      </Typography.Text>
    </Tooltip>
  );
}

export function SeqLink({ code, seq }: { code: string; seq: number }) {
  return (
    <Link to={`/c/${encodeURIComponent(code)}/ledger/entries/${seq}`} data-testid="entry-seq">
      #{seq}
    </Link>
  );
}
