import { useState } from 'react';
import { App, Button, Card, Collapse, DatePicker, Drawer, Empty, Flex, Grid, Input, InputNumber, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, type QualityCatalogueCategory, type QualityCatalogueItem, type QualityFrequency, type QualitySla } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatDate } from '../../format';
import { slaSpan } from './qualityUtil';
import { localText } from './WorkOrderParts';

/** "30 分钟" / "16 小时". */
function useSpan() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const s = slaSpan(minutes);
    return t(`quality.std.${s.unit}`, { n: s.n });
  };
}

/** "响应 30 分钟 / 完成 16 小时（工作时间）". */
function SlaText({ sla, urgent = false }: { sla: QualitySla; urgent?: boolean }) {
  const { t } = useTranslation();
  const span = useSpan();
  const text = t('quality.std.sla', { response: span(sla.responseMinutes), completion: span(sla.completionMinutes), calendar: t(`quality.std.calendar.${sla.calendar}`) });
  return (
    <Typography.Text type={urgent ? undefined : 'secondary'} style={{ fontSize: 13 }} data-testid={urgent ? 'std-urgent-sla' : 'std-sla'}>
      {urgent ? t('quality.std.urgent', { sla: text }) : t('quality.std.normal', { sla: text })}
    </Typography.Text>
  );
}

/** "每 1 天", "每次", "持续". */
function useFrequency() {
  const { t } = useTranslation();
  return (f: QualityFrequency) => (f.kind === 'interval' ? t(`quality.std.every.${f.unit}`, { n: f.every }) : t(`quality.std.${f.kind === 'per_event' ? 'perEvent' : 'continuous'}`));
}

/**
 * 服务标准, for everyone: the standards in force (the community's own version, or the default),
 * each category's work-order SLAs in words and its items. The committee adds a new version.
 */
export function StandardsView({ code, canEdit }: { code: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { data, error, reload } = useRequest((signal) => api.qualityCatalogue(code, signal), [code]);
  const [editing, setEditing] = useState(false);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;

  return (
    <Flex vertical gap={12} data-testid="standards">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex vertical gap={2}>
          <Typography.Text strong data-testid="std-version" data-version={data.version ?? ''}>
            {data.version === null ? t('quality.std.default') : t('quality.std.version', { n: data.version })}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('quality.std.intro')}
          </Typography.Text>
        </Flex>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)} data-testid="std-new">
            {t('quality.std.new')}
          </Button>
        )}
      </Flex>
      {data.categories.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {data.categories.map((c) => (
        <CategoryCard key={c.code} category={c} />
      ))}
      {canEdit && editing && (
        <NewVersionDrawer
          code={code}
          categories={data.categories}
          onClose={() => setEditing(false)}
          onAdded={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
    </Flex>
  );
}

function CategoryCard({ category: c }: { category: QualityCatalogueCategory }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const frequency = useFrequency();
  return (
    <Card size="small" title={localText(c.name, c.nameEn)} data-testid={`std-cat-${c.code}`} styles={{ body: { paddingTop: 8 } }}>
      <Flex vertical gap={8}>
        <Flex vertical gap={2}>
          <SlaText sla={c.sla} />
          {c.urgentSla && <SlaText sla={c.urgentSla} urgent />}
        </Flex>
        {screens.md ? (
          <Table<QualityCatalogueItem>
            size="small"
            rowKey="code"
            dataSource={c.items}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.std.noItems')} /> }}
            columns={[
              { key: 'code', title: t('quality.std.code'), dataIndex: 'code', width: 80 },
              { key: 'commitment', title: t('quality.std.commitment'), render: (_, i) => localText(i.commitment, i.commitmentEn) },
              { key: 'metric', title: t('quality.std.metric'), render: (_, i) => localText(i.metric, i.metricEn) },
              { key: 'frequency', title: t('quality.std.frequency'), width: 110, render: (_, i) => frequency(i.frequency) },
              { key: 'evidence', title: t('quality.std.evidence'), render: (_, i) => localText(i.evidence, i.evidenceEn) },
            ]}
          />
        ) : (
          <Flex vertical gap={10}>
            {c.items.length === 0 && <Typography.Text type="secondary">{t('quality.std.noItems')}</Typography.Text>}
            {c.items.map((i) => (
              <Flex key={i.code} vertical gap={2} data-testid={`std-item-${i.code}`}>
                <Flex gap={6} align="baseline" wrap>
                  <Tag style={{ marginInlineEnd: 0 }}>{i.code}</Tag>
                  <Typography.Text>{localText(i.commitment, i.commitmentEn)}</Typography.Text>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('quality.std.metricLine', { text: localText(i.metric, i.metricEn), frequency: frequency(i.frequency) })}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('quality.std.evidenceLine', { text: localText(i.evidence, i.evidenceEn) })}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

type SlaField = 'responseMinutes' | 'completionMinutes';
type ItemField = 'commitment' | 'metric' | 'evidence';

/** Whole minutes of at least one. */
const validMinutes = (n: number | null | undefined) => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/**
 * 新版标准 (committee): the standards in force as the starting point; the Chinese texts and the SLA
 * minutes can be changed (the English texts, frequencies and codes are kept), with the contract or
 * amendment they belong to and the day they take effect (tomorrow unless changed; today at the earliest).
 */
function NewVersionDrawer({ code, categories, onClose, onAdded }: { code: string; categories: QualityCatalogueCategory[]; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const action = useAction();
  const [draft, setDraft] = useState<QualityCatalogueCategory[]>(() => structuredClone(categories));
  const [effective, setEffective] = useState<Dayjs | null>(() => dayjs().add(1, 'day'));
  const [contractRef, setContractRef] = useState('');

  const setSla = (ci: number, which: 'sla' | 'urgentSla', field: SlaField, value: number | null) =>
    setDraft((d) => d.map((c, i) => (i === ci && c[which] ? { ...c, [which]: { ...c[which], [field]: value } } : c)));
  const setItem = (ci: number, ii: number, field: ItemField, value: string) =>
    setDraft((d) => d.map((c, i) => (i === ci ? { ...c, items: c.items.map((it, j) => (j === ii ? { ...it, [field]: value } : it)) } : c)));

  const minutesOk = draft.every((c) => validMinutes(c.sla.responseMinutes) && validMinutes(c.sla.completionMinutes) && (!c.urgentSla || (validMinutes(c.urgentSla.responseMinutes) && validMinutes(c.urgentSla.completionMinutes))));
  const ready = !!effective && contractRef.trim() !== '' && minutesOk && draft.length > 0;

  const submit = async () => {
    if (!ready) return;
    const r = await action.run(() => api.addQualityCatalogue(code, { effectiveFrom: effective.format('YYYY-MM-DD'), contractRef: contractRef.trim(), categories: draft }));
    if (!r) return;
    message.success(t('quality.std.added', { n: r.version, date: formatDate(r.effectiveFrom) }));
    onAdded();
  };

  const minutesInput = (ci: number, which: 'sla' | 'urgentSla', field: SlaField, value: number) => (
    <Flex vertical gap={2} style={{ flex: '1 1 140px' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`quality.std.${field === 'responseMinutes' ? 'responseMinutes' : 'completionMinutes'}`)}
      </Typography.Text>
      <InputNumber
        min={1}
        precision={0}
        value={value}
        onChange={(v) => setSla(ci, which, field, v)}
        suffix={t('quality.std.minutesUnit')}
        status={validMinutes(value) ? undefined : 'error'}
        style={{ width: '100%' }}
        data-testid={`std-edit-${draft[ci]!.code}-${which}-${field}`}
      />
    </Flex>
  );

  return (
    <Drawer
      open
      title={t('quality.std.new')}
      size={screens.md ? 720 : '100%'}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex vertical gap={8}>
          {action.error && <ErrorAlert error={action.error} />}
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!ready} loading={action.busy} onClick={() => void submit()} data-testid="std-submit">
              {t('quality.std.submit')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Flex vertical gap={12} data-testid="std-form">
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('quality.std.formIntro')}
        </Typography.Text>
        <Flex wrap gap={12}>
          <Flex vertical gap={2} style={{ flex: '1 1 160px' }}>
            <Typography.Text>{t('quality.std.effectiveFrom')}</Typography.Text>
            <DatePicker
              value={effective}
              onChange={(d) => setEffective(d)}
              allowClear={false}
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              style={{ width: '100%' }}
              data-testid="std-effective"
            />
          </Flex>
          <Flex vertical gap={2} style={{ flex: '2 1 240px' }}>
            <Typography.Text>{t('quality.std.contractRef')}</Typography.Text>
            <Input
              maxLength={300}
              value={contractRef}
              onChange={(e) => setContractRef(e.target.value)}
              placeholder={t('quality.std.contractRefHint')}
              status={contractRef.trim() ? undefined : 'warning'}
              data-testid="std-contract"
            />
          </Flex>
        </Flex>
        <Collapse
          size="small"
          defaultActiveKey={draft[0] ? [draft[0].code] : []}
          items={draft.map((c, ci) => ({
            key: c.code,
            label: localText(c.name, c.nameEn),
            children: (
              <Flex vertical gap={12} data-testid={`std-edit-${c.code}`}>
                <Flex wrap gap={8}>
                  {minutesInput(ci, 'sla', 'responseMinutes', c.sla.responseMinutes)}
                  {minutesInput(ci, 'sla', 'completionMinutes', c.sla.completionMinutes)}
                </Flex>
                {c.urgentSla && (
                  <Flex vertical gap={4}>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {t('quality.std.urgentLabel')}
                    </Typography.Text>
                    <Flex wrap gap={8}>
                      {minutesInput(ci, 'urgentSla', 'responseMinutes', c.urgentSla.responseMinutes)}
                      {minutesInput(ci, 'urgentSla', 'completionMinutes', c.urgentSla.completionMinutes)}
                    </Flex>
                  </Flex>
                )}
                {c.items.map((it, ii) => (
                  <Flex key={it.code} vertical gap={4} data-testid={`std-edit-item-${it.code}`}>
                    <Tag style={{ alignSelf: 'flex-start', marginInlineEnd: 0 }}>{it.code}</Tag>
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      maxLength={500}
                      value={it.commitment}
                      onChange={(e) => setItem(ci, ii, 'commitment', e.target.value)}
                      placeholder={t('quality.std.commitment')}
                      aria-label={`${it.code} ${t('quality.std.commitment')}`}
                    />
                    <Input
                      maxLength={200}
                      prefix={<Typography.Text type="secondary">{t('quality.std.metric')}</Typography.Text>}
                      value={it.metric}
                      onChange={(e) => setItem(ci, ii, 'metric', e.target.value)}
                    />
                    <Input
                      maxLength={200}
                      prefix={<Typography.Text type="secondary">{t('quality.std.evidence')}</Typography.Text>}
                      value={it.evidence}
                      onChange={(e) => setItem(ci, ii, 'evidence', e.target.value)}
                    />
                  </Flex>
                ))}
              </Flex>
            ),
          }))}
        />
      </Flex>
    </Drawer>
  );
}
