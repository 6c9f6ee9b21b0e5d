import { Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BallotChoice } from '../../api';
import { CHOICES } from './decisionsUtil';

/** 同意 / 反对 / 弃权 as three large buttons side by side: easy to hit with a thumb on a phone. */
export function ChoiceButtons({ value, onChange, disabled, testId }: { value?: BallotChoice | null; onChange?: (c: BallotChoice) => void; disabled?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      block
      buttonStyle="solid"
      optionType="button"
      size="large"
      value={value ?? undefined}
      disabled={disabled}
      onChange={(e) => onChange?.(e.target.value as BallotChoice)}
      data-testid={testId}
      options={CHOICES.map((c) => ({ value: c, label: <span data-testid={testId ? `${testId}-${c}` : undefined}>{t(`decisions.choice.${c}`)}</span> }))}
    />
  );
}
