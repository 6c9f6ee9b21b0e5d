import { Button, Flex, Result, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Receipt } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { formatAreaCm2, formatDateTime, formatFen } from '../../format';
import { amountInWords } from './amountInWords';
import { entryPath } from './billingUtil';
import './print.css';

/** 收据: `/me/receipts/:id` for the unit's owners, `/c/:code/billing/receipts/:id` for the community's staff. */
export default function ReceiptPage() {
  return <RequireSignIn>{() => <ReceiptView />}</RequireSignIn>;
}

function ReceiptView() {
  const { t } = useTranslation();
  const { code, id = '' } = useParams();
  const paymentId = Number(id);
  const receipt = useRequest((signal) => (code ? api.receipt(code, paymentId, signal) : api.myReceipt(paymentId, signal)), [code, paymentId]);
  const back = code ? `/c/${encodeURIComponent(code)}/billing?tab=payments` : '/me/bills';

  if (receipt.error instanceof ApiError && receipt.error.status === 404) {
    return <Result status="404" title={receipt.error.message} extra={<Link to={back}>{t('receipt.back')}</Link>} />;
  }
  if (receipt.error) return <ErrorAlert error={receipt.error} onRetry={receipt.reload} />;
  if (!receipt.data) return <PageLoading />;

  return (
    <Flex vertical gap={12} data-testid="receipt-page">
      <Flex justify="space-between" align="center" gap={8} wrap className="no-print">
        <Link to={back}>
          <ArrowLeftOutlined /> {t('receipt.back')}
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="receipt-print">
          {t('billing.print')}
        </Button>
      </Flex>
      <ReceiptDocument r={receipt.data} />
    </Flex>
  );
}

function ReceiptDocument({ r }: { r: Receipt }) {
  const { t } = useTranslation();
  const billedPart = r.amountFen - r.prepaidFen;
  return (
    <div className="print-doc print-receipt" data-testid="receipt">
      <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center' }} data-testid="receipt-community">
        {r.community.name}
      </Typography.Text>
      <Typography.Title level={3} className="doc-title">
        {t('receipt.title')}
      </Typography.Title>
      <Flex justify="space-between" wrap gap={8} style={{ margin: '12px 0 8px', fontSize: 13 }}>
        <span>
          {t('receipt.number')} <Typography.Text strong data-testid="receipt-no">{r.receiptNo}</Typography.Text>
        </span>
        <span>
          {t('receipt.paidOn')} {r.paidOn}
        </span>
      </Flex>
      <table className="doc-table">
        <tbody>
          <tr>
            <th>{t('receipt.unit')}</th>
            <td data-testid="receipt-unit">
              {r.unitCode}
              <Typography.Text type="secondary"> · {formatAreaCm2(r.areaCm2)}</Typography.Text>
            </td>
          </tr>
          <tr>
            <th>{t('receipt.channel')}</th>
            <td>{t(`billing.channel.${r.channel}`)}</td>
          </tr>
          <tr>
            <th>{t('receipt.amount')}</th>
            <td>
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="receipt-amount">
                {formatFen(r.amountFen)}
              </Typography.Text>
            </td>
          </tr>
          <tr>
            <th>{t('receipt.amountInWords')}</th>
            <td data-testid="receipt-words">{t('receipt.wordsValue', { words: amountInWords(r.amountFen) })}</td>
          </tr>
          <tr>
            <th>{t('receipt.items')}</th>
            <td data-testid="receipt-items">
              {r.allocations.length === 0 ? (
                '—'
              ) : (
                <Flex vertical gap={2}>
                  {r.allocations.map((a) => (
                    <Flex key={a.billId} justify="space-between" gap={8} wrap>
                      <span>{t('receipt.itemLine', { period: a.period })}</span>
                      <span style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {formatFen(a.amountFen)}
                        {a.amountFen < a.billAmountFen && <Typography.Text type="secondary"> {t('receipt.ofBill', { bill: formatFen(a.billAmountFen) })}</Typography.Text>}
                      </span>
                    </Flex>
                  ))}
                  {r.allocations.length > 1 && (
                    <Flex justify="space-between" gap={8} style={{ borderTop: '1px dashed #d9d9d9', paddingTop: 2 }}>
                      <span>{t('receipt.itemsTotal')}</span>
                      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatFen(billedPart)}</span>
                    </Flex>
                  )}
                </Flex>
              )}
            </td>
          </tr>
          <tr>
            <th>{t('receipt.prepaid')}</th>
            <td data-testid="receipt-prepaid">{r.prepaidFen > 0 ? t('receipt.prepaidValue', { amount: formatFen(r.prepaidFen) }) : formatFen(0)}</td>
          </tr>
          <tr>
            <th>{t('receipt.ledger')}</th>
            <td>
              <Link to={entryPath(r.community.code, r.ledgerSeq)} data-testid="receipt-ledger-link">
                {t('billing.ledgerEntry', { seq: r.ledgerSeq })}
              </Link>
            </td>
          </tr>
          <tr>
            <th>{t('receipt.pseudonym')}</th>
            <td>
              <Typography.Text code data-testid="receipt-pseudonym">
                {r.pseudonym}
              </Typography.Text>
            </td>
          </tr>
        </tbody>
      </table>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 4 }}>
        {t('receipt.note', { seq: r.ledgerSeq, pseudonym: r.pseudonym })}
      </Typography.Paragraph>
      <Flex justify="space-between" wrap gap={8} style={{ fontSize: 13, marginTop: 16 }}>
        <span>{t('receipt.payee', { community: r.community.name })}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('receipt.recordedAt', { time: formatDateTime(r.recordedAt) })}
        </Typography.Text>
      </Flex>
    </div>
  );
}
