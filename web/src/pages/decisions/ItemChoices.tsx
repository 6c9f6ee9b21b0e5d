import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BallotChoice, ChoiceOnItem } from '../../api';
import { ChoiceButtons } from './ChoiceButtons';

export type Choices = Record<number, BallotChoice>;
export type Item = { position: number; title: string };

/** The choices made on every item, in order; null while one is missing. */
export function allChosen(items: Item[], choices: Choices): ChoiceOnItem[] | null {
  const out = items.map((i) => ({ item: i.position, choice: choices[i.position] }));
  return out.every((c): c is ChoiceOnItem => c.choice !== undefined) ? out : null;
}

/** Every item with its 同意 / 反对 / 弃权 buttons (paper ballot entry and its confirmation). */
export function ItemChoices({ items, choices, onChange, testId }: { items: Item[]; choices: Choices; onChange: (c: Choices) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={10}>
      {items.map((i) => (
        <Flex key={i.position} vertical gap={4}>
          <Typography.Text>
            {t('decisions.itemNo', { n: i.position })} {i.title}
          </Typography.Text>
          <ChoiceButtons value={choices[i.position]} onChange={(c) => onChange({ ...choices, [i.position]: c })} testId={`${testId}-${i.position}`} />
        </Flex>
      ))}
    </Flex>
  );
}
