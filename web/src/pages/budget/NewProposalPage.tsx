import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Radio, Result, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, budgetApi, type BudgetSummary, type ExecutionView, type SignedIn, type VersionView } from '../../api';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { localName } from '../../components/names';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatFen } from '../../format';
import { newIdempotencyKey, parseYuanToFen } from '../ledger/ledgerUtil';
import { accountLabel } from '../ledger/names';
import { approvalSentences } from './SpendingParts';
import { canPropose, proposalPath, requirementsPreview, spendingPath, yuanText } from './budgetUtil';
import { useBudgetCommunity } from './useBudgetCommunity';

const QUOTE_MIB = 10;

interface Quote {
  key: number;
  vendor: string;
  amount: string;
  files: DocumentFile[];
}

interface Values {
  year?: number;
  line?: string;
  account?: string;
  title: string;
  description?: string;
  counterparty: string;
  amount: string;
  emergency: boolean;
  emergencyReason?: string;
  choiceReason?: string;
}

export default function NewProposalPage() {
  return <RequireSignIn>{(me) => <NewProposal me={me} />}</RequireSignIn>;
}

/** The budget years with a version in force, and for the chosen one its lines and what remains on each. */
function useBudgetLines(code: string, year: number | undefined) {
  const budgets = useRequest((signal) => budgetApi.budgets(code, signal), [code]);
  const inForce = (budgets.data?.items ?? []).filter((b) => b.inForce !== null).sort((a, b) => b.year - a.year);
  const chosen = inForce.find((b) => b.year === year);
  const lines = useRequest(
    (signal) => (chosen ? Promise.all([budgetApi.version(code, chosen.year, chosen.inForce!, signal), budgetApi.execution(code, chosen.year, signal)]) : Promise.resolve(null)),
    [code, chosen?.year, chosen?.inForce],
  );
  return { budgets, inForce, lines };
}

function NewProposal({ me }: { me: SignedIn }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { code = '' } = useParams();
  const { community: c, gate } = useBudgetCommunity(code);
  const [form] = Form.useForm<Values>();
  const year = Form.useWatch('year', form);
  const line = Form.useWatch('line', form);
  const amountText = Form.useWatch('amount', form);
  const emergency = Form.useWatch('emergency', form) ?? false;
  const { budgets, inForce, lines } = useBudgetLines(code, year);
  const settings = useRequest((signal) => budgetApi.spendingSettings(code, signal), [code]);
  const accounts = useRequest((signal) => api.ledgerAccounts(code, signal), [code]);
  const [quotes, setQuotes] = useState<Quote[]>([]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [key] = useState(newIdempotencyKey);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const [version, execution] = (lines.data ?? [null, null]) as [VersionView | null, ExecutionView | null];
  const remainingOf = useMemo(() => new Map((execution?.rows ?? []).map((r) => [r.code, r.remainingFen])), [execution]);
  const amountFen = amountText ? parseYuanToFen(amountText) : null;
  const remaining = line ? (remainingOf.get(line) ?? null) : null;
  const preview = settings.data && amountFen ? requirementsPreview(amountFen, remaining, settings.data) : null;

  if (gate || !c) return gate;
  if (!canPropose(me, c)) return <Result status="403" title={t('spending.form.noAccess')} />;
  if (budgets.error) return <ErrorAlert error={budgets.error} onRetry={budgets.reload} />;
  if (!budgets.data || !settings.data || !accounts.data) return <PageLoading />;
  const thresholds = settings.data;

  const setQuote = (k: number, change: Partial<Quote>) => setQuotes((qs) => qs.map((q) => (q.key === k ? { ...q, ...change } : q)));
  const uploading = quotes.some((q) => q.files.some((f) => f.status === 'uploading'));

  const submit = async (v: Values) => {
    setProblem(null);
    const fen = parseYuanToFen(v.amount);
    if (fen === null) return;
    const need = requirementsPreview(fen, v.line ? (remainingOf.get(v.line) ?? null) : null, thresholds).quotes;
    const complete = quotes.map((q) => ({ vendor: q.vendor.trim(), amountFen: parseYuanToFen(q.amount), file: stored(q.files[0]), key: q.key }));
    if (complete.some((q) => !q.vendor || q.amountFen === null || !q.file) || complete.length < need) return setProblem(t('spending.form.quotesMissing', { n: need }));
    if (complete.length && (chosen === null || !complete.some((q) => q.key === chosen))) return setProblem(t('spending.form.chooseOne'));
    if (complete.length && !v.choiceReason?.trim()) return setProblem(t('spending.form.choiceReasonRequired'));
    const r = await action.run(() =>
      budgetApi.propose(code, {
        idempotencyKey: key,
        year: v.line ? (v.year ?? null) : null,
        line: v.line ?? null,
        title: v.title.trim(),
        description: v.description?.trim() ?? '',
        counterparty: v.counterparty.trim(),
        amountFen: fen,
        emergency: v.emergency,
        emergencyReason: v.emergency ? (v.emergencyReason?.trim() ?? null) : null,
        quotes: complete.map((q) => ({ vendor: q.vendor, amountFen: q.amountFen!, sha256: q.file!.sha256, name: q.file!.name, chosen: q.key === chosen })),
        choiceReason: complete.length ? (v.choiceReason?.trim() ?? null) : null,
        ...(v.emergency && !v.line && v.account ? { account: v.account } : {}),
      }),
    );
    if (r) navigate(proposalPath(code, r.id));
  };

  const amountRule = { validator: (_: unknown, s?: string) => (parseYuanToFen(s ?? '') !== null ? Promise.resolve() : Promise.reject(new Error(t('spending.form.amountInvalid')))) };
  const expenseAccounts = accounts.data.accounts.filter((a) => /^5\d{3}$/.test(a.code)).map((a) => ({ value: a.code, label: accountLabel(a) }));
  const lineOptions = (version?.lines ?? []).map((l) => ({
    value: l.code,
    label: t('spending.form.lineOption', { code: l.code, name: l.name, remaining: formatFen(remainingOf.get(l.code) ?? l.amountFen) }),
  }));

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }} data-testid="proposal-form-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('spending.form.title')}
        </Typography.Title>
        <Link to={spendingPath(code)}>
          {localName(c)} · {t('spending.title')}
        </Link>
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{ emergency: false, year: pickYear(inForce) }}
        data-testid="proposal-form"
      >
        {!inForce.length && <Alert type="warning" showIcon title={t('spending.form.noBudget')} style={{ marginBottom: 16 }} />}
        <Flex gap={12} wrap>
          <Form.Item name="year" label={t('spending.form.year')} style={{ flex: '1 1 140px' }}>
            <Select allowClear options={inForce.map((b) => ({ value: b.year, label: t('budget.yearTitle', { year: b.year }) }))} onChange={() => form.setFieldValue('line', undefined)} data-testid="proposal-year" />
          </Form.Item>
          <Form.Item
            name="line"
            label={t('spending.form.line')}
            rules={[{ validator: (_, v?: string) => (v || form.getFieldValue('emergency') ? Promise.resolve() : Promise.reject(new Error(t('spending.form.lineRequired')))) }]}
            extra={remaining !== null ? t('spending.form.remaining', { amount: formatFen(remaining) }) : undefined}
            style={{ flex: '3 1 260px' }}
          >
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('spending.form.linePlaceholder')} options={lineOptions} loading={lines.loading} disabled={!year} data-testid="proposal-line" />
          </Form.Item>
        </Flex>
        <Form.Item name="title" label={t('spending.form.titleLabel')} rules={[{ required: true, whitespace: true, message: t('spending.form.required') }, { max: 200 }]}>
          <Input maxLength={200} placeholder={t('spending.form.titlePlaceholder')} data-testid="proposal-title-input" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="amount" label={t('spending.form.amount')} rules={[amountRule]} style={{ flex: '1 1 160px' }}>
            <Input prefix="¥" inputMode="decimal" data-testid="proposal-amount-input" />
          </Form.Item>
          <Form.Item name="counterparty" label={t('spending.form.counterparty')} extra={t('spending.form.counterpartyHint')} rules={[{ required: true, whitespace: true, message: t('spending.form.required') }, { max: 200 }]} style={{ flex: '2 1 240px' }}>
            <Input maxLength={200} data-testid="proposal-counterparty" />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label={t('spending.form.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>

        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex gap={8} align="center">
            <Form.Item name="emergency" valuePropName="checked" noStyle>
              <Switch data-testid="proposal-emergency" />
            </Form.Item>
            <Typography.Text strong>{t('spending.form.emergency')}</Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('spending.form.emergencyHint', { days: thresholds.discloseWithinDays })}
          </Typography.Text>
          {emergency && (
            <>
              <Form.Item name="emergencyReason" label={t('spending.form.emergencyReason')} rules={[{ required: true, whitespace: true, message: t('spending.form.required') }, { max: 2000 }]} style={{ marginTop: 12 }}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} data-testid="proposal-emergency-reason" />
              </Form.Item>
              {!line && (
                <Form.Item name="account" label={t('spending.form.account')} extra={t('spending.form.accountHint')} rules={[{ required: true, message: t('spending.form.accountRequired') }]} style={{ marginBottom: 0 }}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={expenseAccounts} data-testid="proposal-account" />
                </Form.Item>
              )}
            </>
          )}
        </Card>

        <Card size="small" title={t('spending.form.quotes')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('spending.form.quotesHint', { amount: yuanText(thresholds.tenderFen), n: thresholds.minQuotes })}</Typography.Text>} style={{ marginBottom: 16 }} data-testid="proposal-quotes-editor">
          <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value as number)} style={{ width: '100%' }}>
            <Flex vertical gap={8}>
              {quotes.map((q, i) => (
                <Card key={q.key} size="small" styles={{ body: { padding: 8 } }} data-testid="proposal-quote-row">
                  <Flex gap={8} wrap align="center">
                    <Input style={{ flex: '2 1 160px' }} placeholder={t('spending.form.vendor')} value={q.vendor} onChange={(e) => setQuote(q.key, { vendor: e.target.value })} maxLength={200} data-testid={`proposal-quote-vendor-${i}`} />
                    <Input style={{ flex: '1 1 120px' }} prefix="¥" inputMode="decimal" placeholder={t('spending.form.quoteAmount')} value={q.amount} onChange={(e) => setQuote(q.key, { amount: e.target.value })} status={q.amount && parseYuanToFen(q.amount) === null ? 'error' : undefined} data-testid={`proposal-quote-amount-${i}`} />
                    <Radio value={q.key} data-testid={`proposal-quote-chosen-${i}`}>
                      {t('spending.form.chosen')}
                    </Radio>
                    <Button icon={<DeleteOutlined />} aria-label={t('spending.form.removeQuote')} onClick={() => setQuotes((qs) => qs.filter((x) => x.key !== q.key))} />
                  </Flex>
                  <div style={{ marginTop: 8 }}>
                    <DocumentUpload upload={(f) => budgetApi.uploadQuote(code, f)} maxMiB={QUOTE_MIB} files={q.files} onChange={(files) => setQuote(q.key, { files })} label={t('spending.form.quoteFile')} testId={`proposal-quote-file-${i}`} />
                  </div>
                </Card>
              ))}
            </Flex>
          </Radio.Group>
          <Button type="dashed" icon={<PlusOutlined />} block style={{ marginTop: 8 }} onClick={() => setQuotes((qs) => [...qs, { key: Date.now() + qs.length, vendor: '', amount: '', files: [] }])} data-testid="proposal-add-quote">
            {t('spending.form.addQuote')}
          </Button>
          {quotes.length > 0 && (
            <Form.Item name="choiceReason" label={t('spending.form.choiceReason')} rules={[{ max: 2000 }]} style={{ marginTop: 12, marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} placeholder={t('spending.form.choiceReasonPlaceholder')} data-testid="proposal-choice-reason-input" />
            </Form.Item>
          )}
        </Card>

        {preview && (
          <Alert
            type={preview.level === 'member' ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 16 }}
            title={`${t('spending.form.preview')}：${t(`spending.level.${preview.level}`)}`}
            description={approvalSentences(t, { reasons: preview.reasons, quotesRequired: preview.quotes }, thresholds).join('；')}
            data-testid="proposal-preview"
          />
        )}
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="proposal-problem" />}
        {action.error && <div style={{ marginBottom: 16 }}><ErrorAlert error={action.error} /></div>}
        <Button type="primary" htmlType="submit" block loading={action.busy} disabled={uploading} data-testid="proposal-submit">
          {t('spending.form.submit')}
        </Button>
      </Form>
    </Flex>
  );
}

/** The year to start from: this year's budget if it is in force, else the latest in force. */
function pickYear(inForce: BudgetSummary[]): number | undefined {
  const y = new Date().getFullYear();
  return inForce.find((b) => b.year === y)?.year ?? inForce[0]?.year;
}
