import { Button, Flex, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../components/useRequest';

/** Civil Code art. 278 (9): other major matters — budgets and large spending (DESIGN §2.5). */
const MATTER = 9;

export interface DecisionItem {
  decisionId: number | null;
  item: number | null;
}

/**
 * An owners' decision and one of its items of matter 9 (the budget or the expense is that item),
 * read from the internal list, with a link to draft a new one.
 */
export function DecisionPicker({
  code,
  value,
  onChange,
  states = ['draft', 'noticed'],
}: {
  code: string;
  value: DecisionItem;
  onChange: (v: DecisionItem) => void;
  /** the decision states offered (the budget: not yet open for voting) */
  states?: string[];
}) {
  const { t } = useTranslation();
  const decisions = useRequest((signal) => api.decisions(code, true, signal), [code]);
  // budgets and large spending are matter 9 (其他重大事项): only decisions with such an item
  const shown = (decisions.data ?? []).filter((d) => states.includes(d.state) && d.items.some((i) => i.matter === MATTER));
  const chosen = decisions.data?.find((d) => d.id === value.decisionId);
  return (
    <Flex vertical gap={8}>
      {decisions.error && <ErrorAlert error={decisions.error} onRetry={decisions.reload} />}
      <Flex gap={8} wrap align="center">
        <Select<number>
          style={{ flex: '2 1 240px', minWidth: 0 }}
          placeholder={t('budget.committee.decisionPlaceholder')}
          value={value.decisionId ?? undefined}
          loading={decisions.loading}
          popupMatchSelectWidth={false}
          onChange={(id) => onChange({ decisionId: id, item: null })}
          options={shown.map((d) => ({ value: d.id, label: `#${d.id} ${d.title} · ${t(`decisions.state.${d.state}`)}` }))}
          data-testid="decision-picker"
        />
        <Select<number>
          style={{ flex: '1 1 180px', minWidth: 0 }}
          placeholder={t('budget.committee.itemPlaceholder')}
          value={value.item ?? undefined}
          onChange={(item) => onChange({ ...value, item })}
          disabled={!chosen}
          popupMatchSelectWidth={false}
          options={(chosen?.items ?? []).filter((i) => i.matter === MATTER).map((i) => ({ value: i.position, label: `${t('decisions.itemNo', { n: i.position })} ${i.title}` }))}
          data-testid="decision-picker-item"
        />
        <Link to={`/c/${encodeURIComponent(code)}/decisions/new`}>
          <Button icon={<PlusOutlined />}>{t('budget.committee.newDecision')}</Button>
        </Link>
      </Flex>
    </Flex>
  );
}
