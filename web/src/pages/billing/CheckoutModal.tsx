import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Flex, Input, Modal, Radio, Typography } from 'antd';
import { AlipayCircleOutlined, WechatOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type MyBillingUnit } from '../../api';
import { formatFen } from '../../format';
import { newIdempotencyKey, parseYuanToFen } from '../ledger/ledgerUtil';
import { fenToYuanText, receiptPath } from './billingUtil';

/**
 * The simulated online checkout (demo deployments): choose WeChat Pay or Alipay and the amount
 * (the outstanding total by default). One idempotency key per attempt: a double tap, or a retry
 * after a lost response, pays once; a new key only after a payment went through.
 */
export function CheckoutModal({ unit, open, onClose, onPaid }: { unit: MyBillingUnit; open: boolean; onClose: () => void; onPaid: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [channel, setChannel] = useState<'wechat' | 'alipay'>('wechat');
  const [amount, setAmount] = useState(() => fenToYuanText(unit.outstandingFen));
  const [key, setKey] = useState(newIdempotencyKey);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const amountFen = parseYuanToFen(amount);
  // each time it opens, the amount starts at what is due now (the key stays until a payment succeeds)
  useEffect(() => {
    if (open) setAmount(fenToYuanText(unit.outstandingFen));
  }, [open, unit.outstandingFen]);

  const pay = async () => {
    if (amountFen === null || paying) return;
    setPaying(true);
    setError(null);
    try {
      const result = await api.payOnline(unit.unitId, { channel, amountFen, idempotencyKey: key });
      setKey(newIdempotencyKey());
      onPaid();
      navigate(receiptPath(result.paymentId));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setPaying(false);
    }
  };

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('checkout.title', { unit: unit.code })}
      footer={null}
      destroyOnHidden={false}
      centered
      width={420}
      data-testid="checkout"
    >
      <Flex vertical gap={16}>
        <Alert type="warning" showIcon title={t('checkout.simulated')} data-testid="checkout-simulated" />
        <div>
          <Typography.Text strong>{t('checkout.channel')}</Typography.Text>
          <Radio.Group
            value={channel}
            onChange={(e) => setChannel(e.target.value as 'wechat' | 'alipay')}
            style={{ display: 'flex', gap: 8, marginTop: 8 }}
            optionType="button"
            buttonStyle="solid"
            size="large"
          >
            <Radio.Button value="wechat" style={{ flex: 1, textAlign: 'center' }}>
              <span data-testid="checkout-channel-wechat">
                <WechatOutlined /> {t('billing.channel.wechat')}
              </span>
            </Radio.Button>
            <Radio.Button value="alipay" style={{ flex: 1, textAlign: 'center' }}>
              <span data-testid="checkout-channel-alipay">
                <AlipayCircleOutlined /> {t('billing.channel.alipay')}
              </span>
            </Radio.Button>
          </Radio.Group>
        </div>
        <div>
          <Typography.Text strong>{t('checkout.amount')}</Typography.Text>
          <Input
            size="large"
            prefix="¥"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            status={amountFen === null ? 'error' : undefined}
            style={{ marginTop: 8 }}
            data-testid="checkout-amount"
          />
          <Typography.Text type={amountFen === null ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {amountFen === null
              ? t('checkout.amountInvalid')
              : amountFen > unit.outstandingFen
                ? t('checkout.overpayHint', { extra: formatFen(amountFen - unit.outstandingFen) })
                : t('checkout.outstandingHint', { amount: formatFen(unit.outstandingFen) })}
          </Typography.Text>
        </div>
        {error && <Alert type="error" showIcon title={error.message} data-testid="checkout-error" />}
        <Button type="primary" size="large" block loading={paying} disabled={amountFen === null} onClick={() => void pay()} data-testid="checkout-submit">
          {t('checkout.submit', { amount: amountFen === null ? '—' : formatFen(amountFen) })}
        </Button>
      </Flex>
    </Modal>
  );
}

/** Where online payment is off: the payee account, and the unit code to write in the transfer memo. */
export function BankTransferModal({ unit, open, onClose }: { unit: MyBillingUnit; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} title={t('checkout.bankTitle')} footer={<Button onClick={onClose}>{t('common.close')}</Button>} centered width={420} data-testid="bank-transfer">
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('checkout.bankIntro', { amount: formatFen(unit.outstandingFen) })}</Typography.Paragraph>
        {unit.payee ? (
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'name', label: t('checkout.payeeName'), children: <Typography.Text copyable>{unit.payee.name ?? '—'}</Typography.Text> },
              { key: 'bank', label: t('checkout.payeeBank'), children: unit.payee.bank ?? '—' },
              { key: 'account', label: t('checkout.payeeAccount'), children: <Typography.Text copyable>{unit.payee.account}</Typography.Text> },
              { key: 'memo', label: t('checkout.memo'), children: <Typography.Text copyable strong>{unit.code}</Typography.Text> },
            ]}
          />
        ) : (
          <Alert type="info" showIcon title={t('checkout.noPayee')} />
        )}
        <Alert type="info" showIcon title={t('checkout.memoHint', { unit: unit.code })} data-testid="bank-transfer-memo" />
      </Flex>
    </Modal>
  );
}
