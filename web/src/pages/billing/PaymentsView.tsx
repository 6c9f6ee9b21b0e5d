import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type PaymentChannel, type PaymentResult, type RefundResult } from '../../api';
import { formatFen } from '../../format';
import { newIdempotencyKey, parseYuanToFen } from '../ledger/ledgerUtil';
import { CHANNELS, entryPath, receiptPath } from './billingUtil';
import { UnitPicker, type UnitOption } from './UnitPicker';

/** 收款: the trustee records a payment (allocated oldest bill first, the rest prepaid) or refunds a prepayment. */
export function PaymentsView({ code }: { code: string }) {
  return (
    <Row gutter={[16, 16]} data-testid="payments">
      <Col xs={24} lg={12}>
        <PaymentForm code={code} />
      </Col>
      <Col xs={24} lg={12}>
        <RefundForm code={code} />
      </Col>
    </Row>
  );
}

function useAmountRule() {
  const { t } = useTranslation();
  return { validator: (_: unknown, value?: string) => (value?.trim() && parseYuanToFen(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('payments.amountInvalid')))) };
}

interface PaymentValues {
  unitCode: string;
  amount: string;
  channel: PaymentChannel;
  paidOn: Dayjs;
  reference?: string;
  note?: string;
}

function PaymentForm({ code }: { code: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PaymentValues>();
  // one key per form instance: a double click, or a retry after a lost response, records once
  const [key, setKey] = useState(newIdempotencyKey);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<PaymentResult | null>(null);
  const amountRule = useAmountRule();

  const submit = async (v: PaymentValues) => {
    setSaving(true);
    setError(null);
    try {
      setResult(
        await api.recordPayment(code, {
          unitCode: v.unitCode.trim(),
          amountFen: parseYuanToFen(v.amount)!,
          channel: v.channel,
          paidOn: v.paidOn.format('YYYY-MM-DD'),
          reference: v.reference?.trim() || null,
          note: v.note?.trim() || null,
          idempotencyKey: key,
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('payments.title')} data-testid="payment-form">
      {result ? (
        <Flex vertical gap={12} data-testid="payment-result">
          <Alert type="success" showIcon title={result.created ? t('payments.recorded', { no: result.receiptNo }) : t('payments.recordedAgain', { no: result.receiptNo })} />
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'amount', label: t('payments.amountLabel'), children: formatFen(result.amountFen) },
              { key: 'allocated', label: t('payments.allocated'), children: <span data-testid="payment-allocated">{formatFen(result.allocatedFen)}</span> },
              { key: 'prepaid', label: t('payments.prepaid'), children: <span data-testid="payment-prepaid">{formatFen(result.prepaidFen)}</span> },
              { key: 'seq', label: t('receipt.ledger'), children: <Link to={entryPath(code, result.ledgerSeq)}>{t('billing.ledgerEntry', { seq: result.ledgerSeq })}</Link> },
            ]}
          />
          <Flex gap={8} wrap>
            <Link to={receiptPath(result.paymentId, code)} data-testid="payment-receipt-link">
              <Button type="primary" icon={<FileTextOutlined />}>
                {t('payments.openReceipt')}
              </Button>
            </Link>
            <Button
              onClick={() => {
                form.resetFields();
                setResult(null);
                setKey(newIdempotencyKey());
              }}
              data-testid="payment-another"
            >
              {t('payments.another')}
            </Button>
          </Flex>
        </Flex>
      ) : (
        <Form<PaymentValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ channel: 'bank', paidOn: dayjs() }} requiredMark="optional">
          <Flex gap={12} wrap>
            <Form.Item name="unitCode" label={t('payments.unitCode')} rules={[{ required: true, whitespace: true, message: t('payments.unitRequired') }]} style={{ flex: '1 1 160px' }}>
              <Input placeholder="1-1-0102" autoComplete="off" data-testid="payment-unit" />
            </Form.Item>
            <Form.Item name="amount" label={t('payments.amountYuan')} rules={[amountRule]} style={{ flex: '1 1 140px' }}>
              <Input prefix="¥" inputMode="decimal" data-testid="payment-amount" />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item name="channel" label={t('payments.channel')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
              <Select options={CHANNELS.map((c) => ({ value: c, label: t(`billing.channel.${c}`) }))} data-testid="payment-channel" />
            </Form.Item>
            <Form.Item name="paidOn" label={t('payments.paidOn')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
              <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Flex>
          <Form.Item name="reference" label={t('payments.reference')} extra={t('payments.referenceHint')} rules={[{ max: 200 }]}>
            <Input maxLength={200} data-testid="payment-reference" />
          </Form.Item>
          <Form.Item name="note" label={t('payments.note')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} data-testid="payment-error" />}
          <Button type="primary" htmlType="submit" loading={saving} block data-testid="payment-submit">
            {t('payments.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('payments.allocationRule')}
          </Typography.Paragraph>
        </Form>
      )}
    </Card>
  );
}

interface RefundValues {
  unit: number;
  amount: string;
  channel: PaymentChannel;
  refundedOn: Dayjs;
  reason: string;
}

function RefundForm({ code }: { code: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RefundValues>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [unit, setUnit] = useState<UnitOption | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<RefundResult | null>(null);
  const amountRule = useAmountRule();

  const submit = async (v: RefundValues) => {
    setSaving(true);
    setError(null);
    try {
      setResult(
        await api.refund(code, {
          unitId: v.unit,
          amountFen: parseYuanToFen(v.amount)!,
          channel: v.channel,
          refundedOn: v.refundedOn.format('YYYY-MM-DD'),
          reason: v.reason.trim(),
          idempotencyKey: key,
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('refunds.title')} data-testid="refund-form">
      {result ? (
        <Flex vertical gap={12}>
          <Alert
            type="success"
            showIcon
            title={t(result.created ? 'refunds.done' : 'refunds.doneAgain', { amount: formatFen(result.amountFen), unit: unit?.code ?? '' })}
            description={<Link to={entryPath(code, result.ledgerSeq)}>{t('billing.ledgerEntry', { seq: result.ledgerSeq })}</Link>}
            data-testid="refund-result"
          />
          <Button
            onClick={() => {
              form.resetFields();
              setUnit(null);
              setResult(null);
              setKey(newIdempotencyKey());
            }}
          >
            {t('refunds.another')}
          </Button>
        </Flex>
      ) : (
        <Form<RefundValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ channel: 'bank', refundedOn: dayjs() }} requiredMark="optional">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('refunds.intro')}
          </Typography.Paragraph>
          <Flex gap={12} wrap>
            <Form.Item
              name="unit"
              label={t('payments.unitCode')}
              rules={[{ required: true, message: t('payments.unitRequired') }]}
              style={{ flex: '1 1 180px' }}
              getValueFromEvent={(u: UnitOption | null) => {
                setUnit(u);
                return u?.id;
              }}
            >
              <UnitPicker code={code} style={{ width: '100%' }} testId="refund-unit" />
            </Form.Item>
            <Form.Item name="amount" label={t('payments.amountYuan')} rules={[amountRule]} style={{ flex: '1 1 140px' }}>
              <Input prefix="¥" inputMode="decimal" data-testid="refund-amount" />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item name="channel" label={t('payments.channel')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
              <Select options={CHANNELS.map((c) => ({ value: c, label: t(`billing.channel.${c}`) }))} />
            </Form.Item>
            <Form.Item name="refundedOn" label={t('refunds.date')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
              <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Flex>
          <Form.Item name="reason" label={t('refunds.reason')} rules={[{ required: true, whitespace: true, message: t('refunds.reasonRequired') }, { max: 200 }]}>
            <Input maxLength={200} placeholder={t('refunds.reasonPlaceholder')} data-testid="refund-reason" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} data-testid="refund-error" />}
          <Button htmlType="submit" loading={saving} block danger data-testid="refund-submit">
            {t('refunds.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
