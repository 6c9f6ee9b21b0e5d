import { useState } from 'react';
import { Alert, Badge, Button, Card, Col, Empty, Flex, Row, Statistic, Tabs, Tag, Typography } from 'antd';
import { BellOutlined, FileTextOutlined, SearchOutlined, WalletOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type MyBill, type MyBillingUnit, type UnitKind } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { formatAreaCm2, formatFen } from '../../format';
import { BILL_STATUS_COLORS, billStatus, entryPath, receiptPath, reminderPath, stageKey } from './billingUtil';
import { BankTransferModal, CheckoutModal } from './CheckoutModal';

export default function MyBillsPage() {
  return <RequireSignIn>{() => <MyBills />}</RequireSignIn>;
}

/** 我的账单: per owned unit, what is due, what was paid (with receipts), and the reminders received. */
function MyBills() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.myBilling(signal), []);

  return (
    <Flex vertical gap={16} data-testid="my-bills">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('myBills.title')}
        </Typography.Title>
        <Link to="/me/payments" data-testid="my-bills-find-in-ledger">
          <Button icon={<SearchOutlined />}>{t('myBills.findInLedger')}</Button>
        </Link>
      </Flex>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : !data?.length ? (
        <Empty description={t('myBills.empty')} />
      ) : (
        data.map((u) => <UnitBills key={u.unitId} unit={u} onPaid={reload} />)
      )}
    </Flex>
  );
}

function UnitBills({ unit, onPaid }: { unit: MyBillingUnit; onPaid: () => void }) {
  const { t } = useTranslation();
  const [paying, setPaying] = useState(false);
  const unread = unit.reminders.filter((r) => !r.read).length;
  const owes = unit.outstandingFen > 0;

  return (
    <Card
      data-testid="bill-unit"
      data-unit={unit.code}
      title={
        <Flex vertical style={{ padding: '6px 0' }}>
          <span>
            {unit.community.name} · {unit.code}
          </span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
            {t(`kind.${unit.kind as UnitKind}`, { defaultValue: unit.kind })} · {formatAreaCm2(unit.areaCm2)}
          </Typography.Text>
        </Flex>
      }
      styles={{ body: { padding: 12 } }}
    >
      <Flex vertical gap={12}>
        <Row gutter={[12, 12]}>
          <Col xs={12}>
            <Statistic
              title={t('myBills.outstanding')}
              value={formatFen(unit.outstandingFen)}
              styles={{ content: { color: owes ? '#cf1322' : '#1f6f5c', fontSize: 22 } }}
              data-testid="bill-outstanding"
            />
          </Col>
          <Col xs={12}>
            <Statistic title={t('myBills.prepaid')} value={formatFen(unit.prepaidFen)} styles={{ content: { fontSize: 22 } }} data-testid="bill-prepaid" />
          </Col>
        </Row>
        {owes && (
          <Button type="primary" size="large" block icon={<WalletOutlined />} onClick={() => setPaying(true)} data-testid="bill-pay">
            {t('myBills.pay')}
          </Button>
        )}
        {unread > 0 && (
          <Alert
            type="warning"
            showIcon
            icon={<BellOutlined />}
            title={t('myBills.unreadReminders', { count: unread })}
            action={
              <Link to={reminderPath(unit.reminders.find((r) => !r.read)!.id)}>
                <Button size="small">{t('myBills.openReminder')}</Button>
              </Link>
            }
            data-testid="bill-unread-reminders"
          />
        )}
        <Tabs
          size="small"
          items={[
            { key: 'bills', label: t('myBills.tabBills'), children: <BillList bills={unit.bills} /> },
            { key: 'payments', label: t('myBills.tabPayments'), children: <PaymentList unit={unit} /> },
            {
              key: 'reminders',
              label: (
                <Badge count={unread} size="small" offset={[8, -2]}>
                  <span data-testid="bill-tab-reminders">{t('myBills.tabReminders')}</span>
                </Badge>
              ),
              children: <ReminderList unit={unit} />,
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('myBills.pseudonymHint')}{' '}
          <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="bill-pseudonym">
            {unit.pseudonym}
          </Typography.Text>
        </Typography.Text>
      </Flex>
      {unit.onlinePayments === 'simulated' ? (
        <CheckoutModal
          unit={unit}
          open={paying}
          onClose={() => setPaying(false)}
          onPaid={() => {
            setPaying(false);
            onPaid();
          }}
        />
      ) : (
        <BankTransferModal unit={unit} open={paying} onClose={() => setPaying(false)} />
      )}
    </Card>
  );
}

/** One bill per row: period and status on the first line, amount and paid on the second. */
function BillList({ bills }: { bills: MyBill[] }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  if (!bills.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myBills.noBills')} />;
  const shown = all ? bills : bills.slice(0, 6);
  return (
    <Flex vertical data-testid="bill-list">
      {shown.map((b) => {
        const status = billStatus(b);
        return (
          <Flex key={b.id} vertical gap={2} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="bill-row" data-status={status}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{b.period}</Typography.Text>
              <Tag color={BILL_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
                {t(`myBills.status.${status}`)}
              </Tag>
            </Flex>
            <Flex justify="space-between" gap={8} wrap>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('myBills.dueOn', { date: b.dueOn })}
              </Typography.Text>
              <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatFen(b.amountFen)}
                {b.paidFen > 0 && b.paidFen < b.amountFen && (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {' '}
                    {t('myBills.paidPart', { paid: formatFen(b.paidFen) })}
                  </Typography.Text>
                )}
              </Typography.Text>
            </Flex>
          </Flex>
        );
      })}
      {bills.length > shown.length && (
        <Button type="link" onClick={() => setAll(true)}>
          {t('myBills.showAll', { count: bills.length })}
        </Button>
      )}
    </Flex>
  );
}

function PaymentList({ unit }: { unit: MyBillingUnit }) {
  const { t } = useTranslation();
  if (!unit.payments.length && !unit.refunds.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myBills.noPayments')} />;
  return (
    <Flex vertical data-testid="payment-list">
      {unit.payments.map((p) => (
        <Flex key={p.id} vertical gap={2} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="payment-row">
          <Flex justify="space-between" gap={8}>
            <Typography.Text>
              {p.paidOn} · {t(`billing.channel.${p.channel}`)}
            </Typography.Text>
            <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatFen(p.amountFen)}
            </Typography.Text>
          </Flex>
          <Flex justify="space-between" gap={8} wrap>
            <Link to={receiptPath(p.id)} data-testid="payment-receipt-link">
              <FileTextOutlined /> {t('myBills.receipt', { no: p.receiptNo })}
            </Link>
            <Link to={entryPath(unit.community.code, p.ledgerSeq)}>{t('billing.ledgerEntry', { seq: p.ledgerSeq })}</Link>
          </Flex>
        </Flex>
      ))}
      {unit.refunds.length > 0 && (
        <>
          <Typography.Text strong style={{ marginTop: 12 }}>
            {t('myBills.refunds')}
          </Typography.Text>
          {unit.refunds.map((r) => (
            <Flex key={r.id} vertical gap={2} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="refund-row">
              <Flex justify="space-between" gap={8}>
                <Typography.Text>
                  {r.refundedOn} · {t(`billing.channel.${r.channel}`)}
                </Typography.Text>
                <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatFen(r.amountFen)}</Typography.Text>
              </Flex>
              <Flex justify="space-between" gap={8} wrap>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {r.reason}
                </Typography.Text>
                <Link to={entryPath(unit.community.code, r.ledgerSeq)}>{t('billing.ledgerEntry', { seq: r.ledgerSeq })}</Link>
              </Flex>
            </Flex>
          ))}
        </>
      )}
    </Flex>
  );
}

function ReminderList({ unit }: { unit: MyBillingUnit }) {
  const { t } = useTranslation();
  if (!unit.reminders.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myBills.noReminders')} />;
  return (
    <Flex vertical gap={8} data-testid="reminder-list">
      {unit.reminders.map((r) => (
        <Link key={r.id} to={reminderPath(r.id)} data-testid="reminder-row" style={{ color: 'inherit' }}>
          <Flex vertical gap={2} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
            <Flex justify="space-between" align="center" gap={8}>
              <Badge dot={!r.read} offset={[4, 0]}>
                <Typography.Text strong={!r.read}>{t(`billing.stage.${stageKey(r.stage)}`)}</Typography.Text>
              </Badge>
              <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatFen(r.arrearsFen)}</Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('myBills.reminderDates', { issued: r.issuedOn, replyBy: r.replyBy })}
            </Typography.Text>
          </Flex>
        </Link>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('billing.art944')}
      </Typography.Text>
    </Flex>
  );
}
