import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Result, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type Posted, type SignedIn } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { localName } from '../../components/names';
import { formatFen } from '../../format';
import { canPostEntries, newIdempotencyKey, parseYuanToFen } from './ledgerUtil';
import { accountLabel } from './names';
import { VoucherUpload, type VoucherFile } from './VoucherUpload';
import { spendingPath } from '../budget/budgetUtil';

/**
 * What a person may post by hand (accruals come from the month close, reversals from their own
 * action). Not `expense`: an expense is posted from an approved 支出申请 (the ledger refuses it here).
 */
const MANUAL_REASONS = [
  'fee_payment',
  'fee_income',
  'prepayment',
  'public_revenue',
  'interest',
  'payable_payment',
  'remuneration_payment',
  'fee_billed',
  'fee_refund',
  'opening',
  'adjustment',
] as const;

interface LineValues {
  account?: string;
  debit?: string;
  credit?: string;
}

interface FormValues {
  date: Dayjs;
  reason: (typeof MANUAL_REASONS)[number];
  memo: string;
  counterparty?: string;
  lines: LineValues[];
}

export default function EntryFormPage() {
  return <RequireSignIn>{(me) => <EntryForm me={me} />}</RequireSignIn>;
}

/** Totals of the lines as typed: fen on each side, and whether every line is one valid side. */
function totals(lines: LineValues[] | undefined) {
  let debitFen = 0;
  let creditFen = 0;
  let wellFormed = true;
  for (const l of lines ?? []) {
    const d = l?.debit?.trim() ? parseYuanToFen(l.debit) : 0;
    const c = l?.credit?.trim() ? parseYuanToFen(l.credit) : 0;
    if (d === null || c === null || (d > 0) === (c > 0) || !l?.account) wellFormed = false;
    debitFen += d ?? 0;
    creditFen += c ?? 0;
  }
  return { debitFen, creditFen, wellFormed: wellFormed && (lines?.length ?? 0) >= 2, balanced: debitFen === creditFen && debitFen > 0 };
}

function EntryForm({ me }: { me: SignedIn }) {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const community = useRequest((signal) => api.community(code, signal), [code]);
  const accounts = useRequest((signal) => api.ledgerAccounts(code, signal), [code]);
  const [form] = Form.useForm<FormValues>();
  const lines = Form.useWatch('lines', form);
  // one key per form instance: a double click, or a retry after a lost response, posts once
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [vouchers, setVouchers] = useState<VoucherFile[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [posted, setPosted] = useState<Posted | null>(null);
  const sums = useMemo(() => totals(lines), [lines]);
  const accountOptions = useMemo(() => (accounts.data?.accounts ?? []).map((a) => ({ value: a.code, label: accountLabel(a) })), [accounts.data]);

  if (!canPostEntries(me, code)) return <Result status="403" title={t('entryForm.noAccess')} />;
  if (community.error) return <ErrorAlert error={community.error} onRetry={community.reload} />;
  if (accounts.error) return <ErrorAlert error={accounts.error} onRetry={accounts.reload} />;
  if (!community.data || !accounts.data) return <PageLoading />;

  const ledgerPath = `/c/${encodeURIComponent(code)}/ledger?tab=entries`;
  const uploading = vouchers.some((v) => v.status === 'uploading');

  if (posted) {
    return (
      <Result
        status="success"
        data-testid="entry-success"
        title={<span data-testid="entry-success-seq">{posted.created ? t('entryForm.successTitle', { seq: posted.seq }) : t('entryForm.successAgain', { seq: posted.seq })}</span>}
        subTitle={
          <Typography.Text code copyable={{ text: posted.hash }} style={{ wordBreak: 'break-all' }} data-testid="entry-success-hash">
            {t('entryForm.successHash', { hash: posted.hash })}
          </Typography.Text>
        }
        extra={[
          <Button
            key="again"
            type="primary"
            data-testid="entry-another"
            onClick={() => {
              form.resetFields();
              setVouchers([]);
              setPosted(null);
              setIdempotencyKey(newIdempotencyKey());
            }}
          >
            {t('entryForm.another')}
          </Button>,
          <Link key="ledger" to={ledgerPath}>
            <Button>{t('entryForm.viewLedger')}</Button>
          </Link>,
        ]}
      />
    );
  }

  const submit = async (v: FormValues) => {
    if (!sums.wellFormed) return setError(new Error(t('entryForm.lineProblem')));
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.postEntry(code, {
        idempotencyKey,
        date: v.date.format('YYYY-MM-DD'),
        memo: v.memo.trim(),
        reason: v.reason,
        counterparty: v.counterparty?.trim() || null,
        budgetLine: null,
        lines: v.lines.map((l) => ({ account: l.account!, debitFen: l.debit?.trim() ? parseYuanToFen(l.debit)! : 0, creditFen: l.credit?.trim() ? parseYuanToFen(l.credit)! : 0 })),
        vouchers: vouchers.filter((f) => f.status === 'done' && f.response).map((f) => ({ sha256: f.response!.sha256, name: f.name })),
      });
      setPosted(result);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setSubmitting(false);
    }
  };

  const amountRule = { validator: (_: unknown, value?: string) => (!value?.trim() || parseYuanToFen(value) !== null ? Promise.resolve() : Promise.reject(new Error(t('entryForm.amountInvalid')))) };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }} data-testid="entry-form-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('entryForm.title')}
        </Typography.Title>
        <Link to={ledgerPath}>{localName(community.data)}</Link>
      </div>
      <Typography.Text type="secondary">{t('entryForm.intro')}</Typography.Text>
      <Alert
        type="info"
        showIcon
        title={t('entryForm.expenseElsewhere')}
        description={
          <>
            {t('entryForm.expenseElsewhereText')}{' '}
            <Link to={spendingPath(code)} data-testid="entry-open-spending">
              {t('entryForm.openSpending')}
            </Link>
          </>
        }
        data-testid="entry-expense-elsewhere"
      />
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ date: dayjs(), reason: 'public_revenue', lines: [{ debit: '' }, { credit: '' }] }}
        data-testid="entry-form"
        requiredMark="optional"
      >
        <Flex gap={12} wrap>
          <Form.Item name="date" label={t('entryForm.date')} rules={[{ required: true, message: t('entryForm.dateRequired') }]} style={{ flex: '1 1 150px' }}>
            <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="entry-date" />
          </Form.Item>
          <Form.Item name="reason" label={t('entryForm.reason')} rules={[{ required: true, message: t('entryForm.reasonRequired') }]} style={{ flex: '1 1 180px' }}>
            <Select data-testid="entry-reason" options={MANUAL_REASONS.map((r) => ({ value: r, label: t(`ledger.reasons.${r}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="memo" label={t('entryForm.memo')} rules={[{ required: true, whitespace: true, message: t('entryForm.memoRequired') }, { max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} placeholder={t('entryForm.memoPlaceholder')} data-testid="entry-memo" />
        </Form.Item>
        <Form.Item name="counterparty" label={t('entryForm.counterparty')} extra={t('entryForm.counterpartyHint')} rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="entry-counterparty" />
        </Form.Item>

        <Typography.Text strong>{t('entryForm.lines')}</Typography.Text>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="entry-lines-editor">
              {fields.map((field, i) => (
                <Card size="small" key={field.key} data-testid="entry-line" styles={{ body: { padding: 8 } }}>
                  <Flex gap={8} wrap align="flex-start">
                    <Form.Item name={[field.name, 'account']} rules={[{ required: true, message: t('entryForm.accountRequired') }]} style={{ flex: '1 1 220px', margin: 0 }}>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('entryForm.account')}
                        options={accountOptions}
                        data-testid={`entry-line-account-${i}`}
                      />
                    </Form.Item>
                    <Space.Compact style={{ flex: '1 1 240px' }}>
                      <Form.Item name={[field.name, 'debit']} rules={[amountRule]} style={{ margin: 0, flex: 1 }}>
                        <Input
                          inputMode="decimal"
                          placeholder={t('entryForm.debit')}
                          aria-label={t('entryForm.debit')}
                          data-testid={`entry-line-debit-${i}`}
                          onChange={(e) => e.target.value.trim() && form.setFieldValue(['lines', field.name, 'credit'], '')}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'credit']} rules={[amountRule]} style={{ margin: 0, flex: 1 }}>
                        <Input
                          inputMode="decimal"
                          placeholder={t('entryForm.credit')}
                          aria-label={t('entryForm.credit')}
                          data-testid={`entry-line-credit-${i}`}
                          onChange={(e) => e.target.value.trim() && form.setFieldValue(['lines', field.name, 'debit'], '')}
                        />
                      </Form.Item>
                    </Space.Compact>
                    <Button icon={<DeleteOutlined />} aria-label={t('entryForm.removeLine')} disabled={fields.length <= 2} onClick={() => remove(field.name)} />
                  </Flex>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="entry-add-line">
                {t('entryForm.addLine')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Flex gap={8} wrap align="center" style={{ margin: '12px 0 16px' }} data-testid="entry-totals">
          <Typography.Text>{t('entryForm.totals', { debit: formatFen(sums.debitFen), credit: formatFen(sums.creditFen) })}</Typography.Text>
          {sums.balanced ? (
            <Tag color="green" data-testid="entry-balanced">
              {t('entryForm.balanced')}
            </Tag>
          ) : (
            <Tag color="red" data-testid="entry-unbalanced">
              {t('entryForm.unbalanced', { diff: formatFen(Math.abs(sums.debitFen - sums.creditFen)) })}
            </Tag>
          )}
        </Flex>

        <Form.Item label={t('entryForm.vouchers')}>
          <VoucherUpload code={code} files={vouchers} onChange={setVouchers} />
        </Form.Item>

        {error && (
          <Alert
            type="error"
            showIcon
            title={error.message}
            style={{ marginBottom: 16 }}
            data-testid="entry-error"
          />
        )}
        {uploading && <Typography.Paragraph type="secondary">{t('entryForm.voucherUploading')}</Typography.Paragraph>}
        <Button type="primary" htmlType="submit" loading={submitting} disabled={!sums.balanced || uploading} block data-testid="entry-submit">
          {t('entryForm.submit')}
        </Button>
      </Form>
    </Flex>
  );
}
