import { useState } from 'react';
import { App, Button, Card, Flex, Input, Rate, Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type MySurvey, type Survey } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatDateTime } from '../../format';
import { useCategoryName } from './WorkOrderParts';

/** 满意度调查: the open surveys of the communities I live in, each answerable per household. */
export function OpenSurveys() {
  const { data } = useRequest(async (signal) => {
    const units = await api.myUnits(signal);
    const codes = [...new Set(units.items.map((u) => u.communityCode))];
    const lists = await Promise.all(codes.map(async (code) => (await api.surveys(code, signal)).filter((s) => s.state === 'open').map((s) => ({ code, survey: s }))));
    return lists.flat();
  }, []);
  // a prompt, not the page's content: nothing shows while loading or when the server cannot answer
  if (!data?.length) return null;
  return (
    <>
      {data.map(({ code, survey }) => (
        <SurveyCard key={`${code}-${survey.id}`} code={code} survey={survey} />
      ))}
    </>
  );
}

function SurveyCard({ code, survey }: { code: string; survey: Survey }) {
  const { t } = useTranslation();
  const mine = useRequest((signal) => api.mySurvey(code, survey.id, signal), [code, survey.id]);
  if (!mine.data?.households.length) return null;
  return (
    <Card size="small" title={t('quality.survey.title', { period: survey.period })} styles={{ body: { padding: 12 } }} data-testid="survey-card">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('quality.survey.intro', { date: survey.closesOn })}
      </Typography.Paragraph>
      <SurveyForm code={code} mine={mine.data} onSaved={mine.reload} />
    </Card>
  );
}

function SurveyForm({ code, mine, onSaved }: { code: string; mine: MySurvey; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const category = useCategoryName();
  const action = useAction();
  const [unitId, setUnitId] = useState(mine.households[0]!.unitId);
  const household = mine.households.find((h) => h.unitId === unitId) ?? mine.households[0]!;
  const [ratings, setRatings] = useState<Record<string, number>>(household.answer?.ratings ?? {});
  const [comment, setComment] = useState(household.answer?.comment ?? '');
  const complete = mine.categories.every((c) => (ratings[c] ?? 0) > 0);

  const pick = (id: number) => {
    const h = mine.households.find((x) => x.unitId === id);
    setUnitId(id);
    setRatings(h?.answer?.ratings ?? {});
    setComment(h?.answer?.comment ?? '');
  };
  const submit = async () => {
    const r = await action.run(() => api.answerSurvey(code, mine.id, { unitId, ratings, comment: comment.trim() || undefined }));
    if (!r) return;
    void message.success(t('quality.survey.submitted'));
    onSaved();
  };

  return (
    <Flex vertical gap={10}>
      {mine.households.length > 1 && <Segmented block value={unitId} onChange={(v) => pick(Number(v))} options={mine.households.map((h) => ({ value: h.unitId, label: h.unitCode }))} />}
      {household.answer && (
        <Typography.Text type="success" style={{ fontSize: 13 }}>
          {t('quality.survey.answered', { time: formatDateTime(household.answer.submittedAt) })}
        </Typography.Text>
      )}
      {mine.categories.map((c) => (
        <Flex key={c} justify="space-between" align="center" gap={8} wrap>
          <Typography.Text>{category(c)}</Typography.Text>
          <Rate value={ratings[c] ?? 0} onChange={(v) => setRatings((r) => ({ ...r, [c]: v }))} />
        </Flex>
      ))}
      <Input.TextArea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('quality.survey.comment')} />
      {action.error && <ErrorAlert error={action.error} />}
      <Button type="primary" block disabled={!complete} loading={action.busy} onClick={() => void submit()}>
        {t('quality.survey.submit')}
      </Button>
    </Flex>
  );
}
