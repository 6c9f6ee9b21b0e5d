import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, budgetApi, type BudgetView, type CommentView, type DraftBody, type QualityCatalogue, type TrialBalance, type VersionBrief, type VersionView } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { currentLang } from '../../i18n';
import { accountLabel } from '../ledger/names';
import { STANCE_COLORS } from './Comments';
import { IncomeCheckCard } from './IncomeCheckCard';
import { bpToPercentInput, fenToYuanInput, incomeCheck, nextLineCode, openComments, parsePercentToBp, parseYuanToFenOrZero } from './budgetUtil';

/** budget.rules.ts LINE_CODE */
const LINE_CODE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/;

interface LineValues {
  code: string;
  account?: string;
  name: string;
  amount: string;
  basis: string;
  standard?: string | null;
}

interface DraftValues {
  feeIncome: string;
  collectionRate: string;
  publicRevenue: string;
  otherIncome: string;
  reserve: string;
  basisText: string;
  note: string;
  lines: LineValues[];
  /** keyed `c<commentId>` */
  answers: Record<string, string>;
}

interface Loaded {
  draft: VersionView;
  open: CommentView[];
  accounts: TrialBalance;
  catalogue: QualityCatalogue | null;
}

/** Everything the editor needs: the draft, the comments of the published versions still to answer, the expense accounts, the service standards. */
async function load(code: string, year: number, draft: VersionBrief, published: VersionBrief[], signal: AbortSignal): Promise<Loaded> {
  const [v, versions, accounts, catalogue] = await Promise.all([
    budgetApi.version(code, year, draft.number, signal),
    Promise.all(published.map((p) => budgetApi.version(code, year, p.number, signal))),
    api.ledgerAccounts(code, signal),
    api.qualityCatalogue(code, signal).catch(() => null), // the standards are optional for a line
  ]);
  return { draft: v, open: openComments(versions), accounts, catalogue };
}

function initialValues(v: VersionView): DraftValues {
  return {
    feeIncome: fenToYuanInput(v.basis.feeIncomeFen),
    collectionRate: bpToPercentInput(v.basis.collectionRateBp),
    publicRevenue: fenToYuanInput(v.basis.publicRevenueFen),
    otherIncome: fenToYuanInput(v.basis.otherIncomeFen),
    reserve: fenToYuanInput(v.basis.reserveFen),
    basisText: v.basisText,
    note: v.note,
    lines: v.lines.map((l) => ({ code: l.code, account: l.account, name: l.name, amount: fenToYuanInput(l.amountFen), basis: l.basis, standard: l.standard })),
    answers: Object.fromEntries(v.answers.map((a) => [`c${a.commentId}`, a.body])),
  };
}

/** The PUT body from the form, amounts converted to fen exactly; null when something does not parse (the form shows what). */
function toBody(v: DraftValues): DraftBody | null {
  const fen = (s: string) => parseYuanToFenOrZero(s);
  const basis = { feeIncomeFen: fen(v.feeIncome), collectionRateBp: parsePercentToBp(v.collectionRate), publicRevenueFen: fen(v.publicRevenue), otherIncomeFen: fen(v.otherIncome), reserveFen: fen(v.reserve) };
  if (Object.values(basis).some((x) => x === null)) return null;
  const lines = (v.lines ?? []).map((l) => ({ code: l.code?.trim() ?? '', account: l.account ?? '', name: l.name?.trim() ?? '', amountFen: fen(l.amount), basis: l.basis?.trim() ?? '', standard: l.standard || null }));
  if (lines.some((l) => l.amountFen === null || !l.account || !l.name || !LINE_CODE.test(l.code))) return null;
  const answers = Object.entries(v.answers ?? {})
    .filter(([, body]) => body?.trim())
    .map(([k, body]) => ({ commentId: Number(k.slice(1)), body: body.trim() }));
  return { basis: basis as DraftBody['basis'], basisText: v.basisText?.trim() ?? '', note: v.note?.trim() ?? '', lines: lines as DraftBody['lines'], answers };
}

/**
 * 编辑草稿 (the trustee): the basis figures in yuan (converted to fen exactly), the lines, the
 * revision note, and one answer per open comment of the earlier versions; the income check
 * follows as one types. 保存草稿 stores it; 发布征求意见 saves and publishes.
 */
export function DraftEditor({ code, budget, draft, onPublished }: { code: string; budget: BudgetView; draft: VersionBrief; onPublished: (n: number) => void }) {
  const published = budget.versions.filter((v) => v.state !== 'draft');
  const data = useRequest((signal) => load(code, budget.year, draft, published, signal), [code, budget.year, draft.number, published.length]);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <PageLoading />;
  return <Editor code={code} year={budget.year} loaded={data.data} onPublished={onPublished} />;
}

function Editor({ code, year, loaded, onPublished }: { code: string; year: number; loaded: Loaded; onPublished: (n: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DraftValues>();
  const values = Form.useWatch([], form) as DraftValues | undefined;
  const save = useAction();
  const [publishing, setPublishing] = useState(false);
  const [endsOn, setEndsOn] = useState<Dayjs | null>(null);
  const { draft, open, accounts, catalogue } = loaded;
  const en = currentLang() === 'en';

  const accountOptions = useMemo(() => accounts.accounts.filter((a) => /^5\d{3}$/.test(a.code)).map((a) => ({ value: a.code, label: accountLabel(a) })), [accounts]);
  const standardOptions = useMemo(
    () => [
      { value: '', label: t('budget.draft.standardNone') },
      ...(catalogue?.categories ?? []).flatMap((c) => c.items.map((i) => ({ value: i.code, label: `${i.code} ${en ? i.commitmentEn || i.commitment : i.commitment}` }))),
    ],
    [catalogue, en, t],
  );

  const live = useMemo(() => {
    const v = values ?? initialValues(draft);
    const z = (s: string | undefined) => parseYuanToFenOrZero(s) ?? 0;
    return incomeCheck(
      { feeIncomeFen: z(v.feeIncome), collectionRateBp: parsePercentToBp(v.collectionRate) ?? 0, publicRevenueFen: z(v.publicRevenue), otherIncomeFen: z(v.otherIncome), reserveFen: z(v.reserve) },
      (v.lines ?? []).map((l) => ({ amountFen: z(l?.amount) })),
    );
  }, [values, draft]);

  const yuanRule = { validator: (_: unknown, s?: string) => (parseYuanToFenOrZero(s) !== null ? Promise.resolve() : Promise.reject(new Error(t('budget.draft.amountInvalid')))) };
  const rateRule = { validator: (_: unknown, s?: string) => (parsePercentToBp(s) !== null ? Promise.resolve() : Promise.reject(new Error(t('budget.draft.rateInvalid')))) };
  const codeRule = {
    validator: (_: unknown, s?: string) => {
      if (!s || !LINE_CODE.test(s.trim())) return Promise.reject(new Error(t('budget.draft.codeInvalid')));
      const same = (form.getFieldValue('lines') as LineValues[]).filter((l) => l?.code?.trim() === s.trim()).length;
      return same > 1 ? Promise.reject(new Error(t('budget.draft.codeDuplicate'))) : Promise.resolve();
    },
  };

  /** Validates and saves; the saved version, or undefined when the form or the server refused. */
  const store = async (): Promise<VersionView | undefined> => {
    try {
      await form.validateFields();
    } catch {
      void message.error(t('budget.draft.fixErrors'));
      return undefined;
    }
    const body = toBody(form.getFieldsValue(true) as DraftValues);
    if (!body) {
      void message.error(t('budget.draft.fixErrors'));
      return undefined;
    }
    return save.run(() => budgetApi.saveDraft(code, year, body));
  };

  const onSave = async () => {
    const r = await store();
    if (r) void message.success(t('budget.draft.saved'));
  };

  const onPublish = async () => {
    const saved = await store();
    if (!saved) return;
    const r = await save.run(() => budgetApi.publishDraft(code, year, endsOn ? endsOn.format('YYYY-MM-DD') : undefined));
    if (!r) return;
    setPublishing(false);
    void message.success(t('budget.draft.published', { n: r.number }));
    onPublished(r.number);
  };

  const N = { inputMode: 'decimal' as const, style: { fontVariantNumeric: 'tabular-nums' } };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }} data-testid="budget-draft-editor" data-version={draft.number}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('budget.draft.title', { n: draft.number, kind: t(`budget.kind.${draft.kind}`) })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('budget.draft.intro')}</Typography.Text>
      </div>
      <Form<DraftValues> form={form} layout="vertical" initialValues={initialValues(draft)} requiredMark={false} data-testid="budget-draft-form">
        <Card size="small" title={t('budget.basisTitle')} style={{ marginBottom: 12 }}>
          <Flex gap={12} wrap>
            <Form.Item name="feeIncome" label={t('budget.draft.feeIncome')} extra={t('budget.draft.feeIncomeHint')} rules={[yuanRule]} style={{ flex: '1 1 200px' }}>
              <Input {...N} data-testid="draft-fee-income" />
            </Form.Item>
            <Form.Item name="collectionRate" label={t('budget.draft.collectionRate')} rules={[rateRule]} style={{ flex: '1 1 140px' }}>
              <Input {...N} suffix="%" data-testid="draft-collection-rate" />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item name="publicRevenue" label={t('budget.draft.publicRevenue')} rules={[yuanRule]} style={{ flex: '1 1 160px' }}>
              <Input {...N} data-testid="draft-public-revenue" />
            </Form.Item>
            <Form.Item name="otherIncome" label={t('budget.draft.otherIncome')} rules={[yuanRule]} style={{ flex: '1 1 160px' }}>
              <Input {...N} data-testid="draft-other-income" />
            </Form.Item>
            <Form.Item name="reserve" label={t('budget.draft.reserve')} rules={[yuanRule]} style={{ flex: '1 1 160px' }}>
              <Input {...N} data-testid="draft-reserve" />
            </Form.Item>
          </Flex>
          <Form.Item name="basisText" label={t('budget.draft.basisText')} rules={[{ max: 5000 }]} style={{ marginBottom: 0 }}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
          </Form.Item>
        </Card>

        <Typography.Text strong>{t('budget.draft.lines')}</Typography.Text>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ margin: '8px 0 12px' }}>
              {fields.map((field) => {
                const lineCode = values?.lines?.[field.name]?.code ?? '';
                return (
                  <Card key={field.key} size="small" styles={{ body: { padding: 8 } }} data-testid="draft-line" data-code={lineCode}>
                    <Flex gap={8} align="flex-start">
                      <Form.Item name={[field.name, 'code']} rules={[codeRule]} style={{ flex: '0 0 84px', margin: 0 }}>
                        <Input placeholder={t('budget.draft.code')} aria-label={t('budget.draft.code')} data-testid="draft-line-code" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'account']} rules={[{ required: true, message: t('budget.draft.required') }]} style={{ flex: '1 1 160px', minWidth: 0, margin: 0 }}>
                        <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('budget.draft.account')} options={accountOptions} data-testid="draft-line-account" />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} aria-label={t('budget.draft.removeLine')} onClick={() => remove(field.name)} data-testid="draft-line-remove" />
                    </Flex>
                    <Flex gap={8} wrap style={{ marginTop: 8 }}>
                      <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('budget.draft.required') }, { max: 100 }]} style={{ flex: '2 1 180px', margin: 0 }}>
                        <Input maxLength={100} placeholder={t('budget.draft.name')} aria-label={t('budget.draft.name')} data-testid="draft-line-name" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'amount']} rules={[yuanRule]} style={{ flex: '1 1 140px', margin: 0 }}>
                        <Input {...N} prefix="¥" placeholder={t('budget.draft.amount')} aria-label={t('budget.draft.amount')} data-testid="draft-line-amount" />
                      </Form.Item>
                    </Flex>
                    <Flex gap={8} wrap style={{ marginTop: 8 }}>
                      <Form.Item name={[field.name, 'basis']} rules={[{ max: 2000 }]} style={{ flex: '2 1 260px', margin: 0 }}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} placeholder={t('budget.draft.basis')} aria-label={t('budget.draft.basis')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'standard']} style={{ flex: '1 1 200px', margin: 0 }}>
                        <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('budget.draft.standard')} options={standardOptions} popupMatchSelectWidth={false} />
                      </Form.Item>
                    </Flex>
                  </Card>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ code: nextLineCode(((form.getFieldValue('lines') as LineValues[]) ?? []).map((l) => l?.code ?? '')), name: '', amount: '0.00', basis: '', standard: '' })}
                data-testid="draft-add-line"
              >
                {t('budget.draft.addLine')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <IncomeCheckCard income={live} title={t('budget.draft.liveIncome')} />

        <Card size="small" title={t('budget.draft.answers')} style={{ marginTop: 12 }} data-testid="draft-answers">
          <Typography.Paragraph type="secondary">{t('budget.draft.answersIntro')}</Typography.Paragraph>
          {!open.length && <Typography.Text type="secondary">{t('budget.draft.noOpen')}</Typography.Text>}
          {open.map((c) => (
            <div key={c.id} data-testid="draft-answer" data-comment-id={c.id} data-line={c.line ?? ''} style={{ marginBottom: 12 }}>
              <Flex wrap gap={6} align="center">
                <Tag color={STANCE_COLORS[c.stance]} style={{ marginInlineEnd: 0 }}>
                  {t(`budget.stance.${c.stance}`)}
                </Tag>
                <Typography.Text strong>{c.line ?? t('budget.lines.general')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.author} · {t('budget.comment.onVersion', { n: c.version })}
                </Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{c.body ?? ''}</Typography.Paragraph>
              <Form.Item name={['answers', `c${c.id}`]} rules={[{ max: 2000 }]} style={{ margin: 0 }}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} placeholder={t('budget.draft.answerPlaceholder')} data-testid="draft-answer-text" />
              </Form.Item>
            </div>
          ))}
        </Card>

        <Form.Item name="note" label={t('budget.draft.note')} rules={[{ max: 5000 }]} style={{ marginTop: 12 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} placeholder={t('budget.draft.notePlaceholder')} data-testid="draft-note" />
        </Form.Item>
      </Form>
      {save.error && !publishing && <ErrorAlert error={save.error} />}
      <Flex gap={8} wrap>
        <Button icon={<SaveOutlined />} loading={save.busy && !publishing} onClick={() => void onSave()} data-testid="draft-save">
          {t('budget.draft.save')}
        </Button>
        <Button type="primary" icon={<SendOutlined />} onClick={() => setPublishing(true)} data-testid="draft-publish">
          {t('budget.draft.publish')}
        </Button>
      </Flex>
      <Modal
        open={publishing}
        title={t('budget.draft.publishTitle', { n: draft.number })}
        okText={t('budget.draft.publish')}
        cancelText={t('common.cancel')}
        confirmLoading={save.busy}
        onOk={() => void onPublish()}
        onCancel={() => setPublishing(false)}
        okButtonProps={{ 'data-testid': 'draft-publish-confirm' }}
      >
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('budget.draft.publishIntro')} />
          <div>
            <Typography.Text>{t('budget.draft.consultationEndsOn')}</Typography.Text>
            <DatePicker value={endsOn} onChange={setEndsOn} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </div>
          {save.error && <ErrorAlert error={save.error} />}
        </Flex>
      </Modal>
    </Flex>
  );
}
