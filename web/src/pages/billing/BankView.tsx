import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Empty, Flex, Input, Segmented, Select, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { CheckOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type BankImportSummary, type BankLine, type BankLineStatus, type BankMapping } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { formatDateTime, formatFen } from '../../format';
import { UnitPicker } from './UnitPicker';

const STATUSES: BankLineStatus[] = ['matched', 'ambiguous', 'unmatched', 'duplicate', 'confirmed', 'ignored'];
export const BANK_STATUS_COLORS: Record<BankLineStatus, string> = { matched: 'green', ambiguous: 'gold', unmatched: 'red', duplicate: 'purple', confirmed: 'blue', ignored: 'default' };
/** Lines still waiting for a decision: confirm them as a payment of a unit, or ignore them. */
const OPEN: ReadonlySet<BankLineStatus> = new Set<BankLineStatus>(['matched', 'ambiguous', 'unmatched']);
const MAPPING_FIELDS = ['date', 'amount', 'credit', 'debit', 'counterparty', 'memo', 'serial', 'direction'] as const;
const MAX_BYTES = 5 * 1024 * 1024;

/** 银行对账: import the bank's CSV statement, then confirm each incoming transfer as a unit's payment. */
export function BankView({ code, canAct }: { code: string; canAct: boolean }) {
  const { t } = useTranslation();
  const imports = useRequest((signal) => api.bankImports(code, signal), [code]);
  const [selected, setSelected] = useState<number | null>(null);
  // newest first; the newest is shown until another is chosen
  const list = useMemo(() => [...(imports.data ?? [])].sort((a, b) => b.id - a.id), [imports.data]);
  const current = selected ?? list[0]?.id ?? null;

  return (
    <Flex vertical gap={16} data-testid="bank">
      {canAct && (
        <ImportForm
          code={code}
          onImported={(id) => {
            imports.reload();
            setSelected(id);
          }}
        />
      )}
      <Card size="small" title={t('bank.imports')} styles={{ body: { padding: 0 } }}>
        {imports.error ? (
          <ErrorAlert error={imports.error} onRetry={imports.reload} />
        ) : (
          <Table<BankImportSummary>
            size="small"
            rowKey="id"
            loading={imports.loading}
            dataSource={list}
            scroll={{ x: 'max-content' }}
            pagination={{ defaultPageSize: 5, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bank.noImports')} /> }}
            onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === current ? '#e8f3ef' : undefined }, 'data-testid': 'bank-import-row' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'file', title: t('bank.file'), dataIndex: 'fileName', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
              { key: 'at', title: t('bank.importedAt'), dataIndex: 'importedAt', render: (d: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d)}</span> },
              { key: 'lines', title: t('bank.lines'), dataIndex: 'lineCount', align: 'right' },
              { key: 'counts', title: t('bank.status'), render: (_, r) => <StatusCounts counts={r.counts} /> },
            ]}
          />
        )}
      </Card>
      {current !== null && <Reconciliation key={current} code={code} importId={current} canAct={canAct} onChanged={imports.reload} />}
    </Flex>
  );
}

function StatusCounts({ counts }: { counts: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {STATUSES.filter((s) => counts[s]).map((s) => (
        <Tag key={s} color={BANK_STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }}>
          {t(`bank.statuses.${s}`)} {counts[s]}
        </Tag>
      ))}
    </Flex>
  );
}

function ImportForm({ code, onImported }: { code: string; onImported: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<'auto' | 'utf-8' | 'gbk'>('auto');
  const [mapping, setMapping] = useState<BankMapping>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => typeof v === 'string' && v.trim()).map(([k, v]) => [k, (v as string).trim()])) as BankMapping;
      const r = await api.importBankStatement(code, file, { encoding: encoding === 'auto' ? undefined : encoding, mapping: clean });
      void message.success(r.created ? t('bank.imported', { count: r.lines.length }) : t('bank.importedAgain', { name: r.fileName }));
      setFile(null);
      onImported(r.id);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('bank.importTitle')} data-testid="bank-import-form">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('bank.importHint')}
        </Typography.Text>
        <Flex gap={8} wrap align="center">
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            fileList={file ? [{ uid: 'f', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              if (f.size > MAX_BYTES) {
                void message.error(t('bank.tooLarge', { name: f.name }));
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />} data-testid="bank-file">
              {t('bank.chooseFile')}
            </Button>
          </Upload>
          <Select
            value={encoding}
            onChange={setEncoding}
            style={{ width: 150 }}
            aria-label={t('bank.encoding')}
            options={[
              { value: 'auto', label: t('bank.encodingAuto') },
              { value: 'utf-8', label: 'UTF-8' },
              { value: 'gbk', label: 'GBK' },
            ]}
            data-testid="bank-encoding"
          />
        </Flex>
        <Collapse
          size="small"
          items={[
            {
              key: 'mapping',
              label: t('bank.mapping'),
              children: (
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('bank.mappingHint')}
                  </Typography.Text>
                  <Flex gap={8} wrap>
                    {MAPPING_FIELDS.map((f) => (
                      <Input
                        key={f}
                        addonBefore={t(`bank.fields.${f}`)}
                        placeholder={t('bank.mappingPlaceholder')}
                        value={mapping[f] ?? ''}
                        onChange={(e) => setMapping((m) => ({ ...m, [f]: e.target.value }))}
                        style={{ flex: '1 1 220px', maxWidth: 320 }}
                        data-testid={`bank-mapping-${f}`}
                      />
                    ))}
                  </Flex>
                </Flex>
              ),
            },
          ]}
        />
        {error && <Alert type="error" showIcon title={error.message} data-testid="bank-import-error" />}
        <Button type="primary" onClick={() => void submit()} disabled={!file} loading={busy} data-testid="bank-import">
          {t('bank.import')}
        </Button>
      </Flex>
    </Card>
  );
}

function Reconciliation({ code, importId, canAct, onChanged }: { code: string; importId: number; canAct: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest((signal) => api.bankImport(code, importId, signal), [code, importId]);
  const [filter, setFilter] = useState<BankLineStatus | 'all'>('all');
  const [chosen, setChosen] = useState<Map<number, { id: number; code: string }>>(new Map());
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState<'confirm' | 'ignore' | null>(null);

  const lines = useMemo(() => (data?.lines ?? []).filter((l) => filter === 'all' || l.status === filter), [data, filter]);
  const unitOf = (l: BankLine) => chosen.get(l.id) ?? l.unit;

  const done = () => {
    setSelected([]);
    setChosen(new Map());
    reload();
    onChanged();
  };

  const confirm = async (ids: number[]) => {
    const byId = new Map((data?.lines ?? []).map((l) => [l.id, l]));
    const missing = ids.map((id) => byId.get(id)!).find((l) => !unitOf(l));
    if (missing) return void message.error(t('bank.needUnit', { line: missing.lineNo }));
    setBusy('confirm');
    try {
      const r = await api.confirmBankLines(
        code,
        importId,
        ids.map((id) => ({ lineId: id, unitId: chosen.get(id)?.id })),
      );
      void message.success(t('bank.confirmed', { count: r.confirmed, already: r.already }));
      done();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  const ignore = async (ids: number[]) => {
    setBusy('ignore');
    try {
      await api.ignoreBankLines(code, importId, ids);
      void message.success(t('bank.ignoredCount', { count: ids.length }));
      done();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;

  const columns: TableColumnsType<BankLine> = [
    { key: 'no', title: '#', dataIndex: 'lineNo', width: 48 },
    { key: 'date', title: t('bank.date'), dataIndex: 'date', render: (d: string) => <span style={{ whiteSpace: 'nowrap' }}>{d}</span> },
    { key: 'amount', title: t('bank.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(f)}</span> },
    {
      key: 'who',
      title: t('bank.counterpartyMemo'),
      render: (_, l) => (
        <Flex vertical style={{ maxWidth: 260 }}>
          <span>{l.counterparty || '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.memo}
            {l.serial && ` · ${l.serial}`}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('bank.status'),
      dataIndex: 'status',
      render: (s: BankLineStatus, l) => (
        <Flex vertical gap={2}>
          <Tag color={BANK_STATUS_COLORS[s]} style={{ marginInlineEnd: 0, width: 'fit-content' }} data-testid="bank-line-status">
            {t(`bank.statuses.${s}`)}
          </Tag>
          {l.rule && (
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              {t(`bank.rules.${l.rule as 'code'}`, { defaultValue: l.rule })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'unit',
      title: t('bank.unit'),
      render: (_, l) => {
        if (!canAct || !OPEN.has(l.status)) {
          return (
            <Flex vertical>
              <span>{l.unit?.code ?? '—'}</span>
              {l.receiptNo && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('bank.receipt', { no: l.receiptNo })}
                </Typography.Text>
              )}
            </Flex>
          );
        }
        const candidates = [...(l.unit ? [l.unit] : []), ...l.candidates];
        return (
          <UnitPicker
            code={code}
            value={unitOf(l)?.id ?? null}
            candidates={candidates}
            onChange={(u) =>
              setChosen((m) => {
                const next = new Map(m);
                if (u) next.set(l.id, { id: u.id, code: u.code });
                else next.delete(l.id);
                return next;
              })
            }
            placeholder={l.status === 'ambiguous' ? t('bank.chooseCandidate', { count: l.candidates.length }) : undefined}
            testId="bank-line-unit"
          />
        );
      },
    },
    ...(canAct
      ? [
          {
            key: 'actions',
            title: '',
            render: (_: unknown, l: BankLine) =>
              OPEN.has(l.status) || l.status === 'duplicate' ? (
                <Flex gap={4}>
                  {OPEN.has(l.status) && (
                    <Button size="small" type="link" icon={<CheckOutlined />} disabled={!unitOf(l) || busy !== null} onClick={() => void confirm([l.id])}>
                      {t('bank.confirm')}
                    </Button>
                  )}
                  <Button size="small" type="link" danger icon={<StopOutlined />} disabled={busy !== null} onClick={() => void ignore([l.id])} data-testid="bank-line-ignore">
                    {t('bank.ignore')}
                  </Button>
                </Flex>
              ) : null,
          },
        ]
      : []),
  ];

  const countOf = (s: BankLineStatus) => data.counts[s] ?? 0;

  return (
    <Card size="small" title={t('bank.reconcile', { name: data.fileName })} data-testid="bank-reconciliation" style={{ opacity: loading ? 0.6 : 1 }}>
      <Flex vertical gap={12}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as BankLineStatus | 'all')}
          options={[{ value: 'all', label: t('bank.all', { count: data.lines.length }) }, ...STATUSES.filter((s) => countOf(s) > 0 || s === filter).map((s) => ({ value: s, label: `${t(`bank.statuses.${s}`)} ${countOf(s)}` }))]}
          style={{ maxWidth: '100%', overflowX: 'auto' }}
          data-testid="bank-filter"
        />
        {canAct && (
          <Flex gap={8} wrap align="center">
            <Button type="primary" icon={<CheckOutlined />} disabled={!selected.length || busy !== null} loading={busy === 'confirm'} onClick={() => void confirm(selected)} data-testid="bank-confirm">
              {t('bank.confirmSelected', { count: selected.length })}
            </Button>
            <Button icon={<StopOutlined />} disabled={!selected.length || busy !== null} loading={busy === 'ignore'} onClick={() => void ignore(selected)}>
              {t('bank.ignoreSelected', { count: selected.length })}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('bank.confirmHint')}
            </Typography.Text>
          </Flex>
        )}
        <Table<BankLine>
          size="small"
          rowKey="id"
          dataSource={lines}
          columns={columns}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true, showSizeChanger: true }}
          rowSelection={
            canAct
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as number[]),
                  getCheckboxProps: (l) => ({ disabled: !OPEN.has(l.status) }),
                }
              : undefined
          }
          onRow={(l) => ({ 'data-testid': 'bank-line', 'data-status': l.status }) as React.HTMLAttributes<HTMLElement>}
        />
      </Flex>
    </Card>
  );
}
