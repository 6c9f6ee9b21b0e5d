import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ProposalBrief, ProposalView, SpendingSettings } from '../../api';
import { yuanText } from './budgetUtil';

/** The flags of a proposal: emergency, disclosure overdue, and an emergency's ratification. */
export function ProposalFlags({ p }: { p: Pick<ProposalBrief, 'emergency' | 'ratification' | 'disclosureOverdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      {p.emergency && (
        <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid="proposal-emergency">
          {t('spending.emergency')}
        </Tag>
      )}
      {p.disclosureOverdue && (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="proposal-overdue">
          {t('spending.disclosureOverdue')}
        </Tag>
      )}
      {p.emergency && p.ratification && (
        <Tag color={p.ratification === 'ratified' ? 'green' : p.ratification === 'refused' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
          {t(`spending.ratification.${p.ratification}`)}
        </Tag>
      )}
    </>
  );
}

/** The approval level in words, one sentence per reason ("超过业委会审批限额 5,000 元，需业委会过半数委员同意"). */
export function approvalSentences(t: TFunction, p: Pick<ProposalView, 'reasons' | 'quotesRequired'>, s: SpendingSettings | undefined): string[] {
  const amount = (fen: number | undefined) => (fen === undefined ? '—' : yuanText(fen));
  // an owners' decision supersedes the committee's majority: say only what applies
  const owners = p.reasons.includes('owners_threshold') || p.reasons.includes('beyond_remaining');
  const out = p.reasons.filter((r) => !(owners && r === 'committee_threshold')).map((r) => {
    switch (r) {
      case 'committee_threshold':
        return t('spending.reasons.committee_threshold', { amount: amount(s?.committeeFen) });
      case 'owners_threshold':
        return t('spending.reasons.owners_threshold', { amount: amount(s?.ownersFen) });
      case 'beyond_remaining':
        return t('spending.reasons.beyond_remaining');
      case 'tender_threshold':
        return t('spending.reasons.tender_threshold', { amount: amount(s?.tenderFen), n: p.quotesRequired || s?.minQuotes || 3 });
      default:
        return r;
    }
  });
  if (!p.reasons.some((r) => r !== 'tender_threshold')) out.unshift(t('spending.reasons.member', { amount: amount(s?.committeeFen) }));
  return out;
}
