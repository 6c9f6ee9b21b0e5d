import { Flex, Image, Rate, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type QualityCatalogue, type WorkOrder, type WorkOrderState } from '../../api';
import { useRequest } from '../../components/useRequest';
import { currentLang } from '../../i18n';
import { formatDateTime } from '../../format';
import { ageParts, CATEGORIES, nextDue, STATE_COLORS } from './qualityUtil';

/** The category's name (quality.category.*), or the code of a category the built-in catalogue does not have. */
export function useCategoryName() {
  const { t } = useTranslation();
  return (code: string) => ((CATEGORIES as readonly string[]).includes(code) ? t(`quality.category.${code as (typeof CATEGORIES)[number]}`) : code);
}

/** The community's standards in force (its own version, or the default), for category and item pickers. */
export function useCatalogue(code: string | undefined): QualityCatalogue['categories'] | undefined {
  return useRequest((signal) => (code ? api.qualityCatalogue(code, signal).then((c) => c.categories) : Promise.resolve(undefined)), [code]).data;
}

/** A catalogue entry's name in the current language. */
export const localText = (zh: string, en: string) => (currentLang() === 'en' ? en : zh);

export function StateTag({ state }: { state: WorkOrderState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="wo-state" data-state={state}>
      {t(`quality.state.${state}`)}
    </Tag>
  );
}

/** 急修 and 已超时 tags, when they apply. */
export function FlagTags({ order }: { order: Pick<WorkOrder, 'urgent' | 'sla'> }) {
  const { t } = useTranslation();
  return (
    <>
      {order.urgent && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('quality.urgent')}
        </Tag>
      )}
      {order.sla.overdue && (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="wo-overdue">
          {t('quality.overdue')}
        </Tag>
      )}
    </>
  );
}

/** The due time that matters now ("… 前受理" / "… 前完成"), red once overdue. */
export function DueText({ order }: { order: Pick<WorkOrder, 'state' | 'sla'> }) {
  const { t } = useTranslation();
  const due = nextDue(order);
  if (!due) return null;
  return (
    <Typography.Text type={order.sla.overdue ? 'danger' : 'secondary'} style={{ fontSize: 13 }} data-testid="wo-due">
      {t(order.state === 'submitted' ? 'quality.respondBy' : 'quality.completeBy', { time: formatDateTime(due) })}
    </Typography.Text>
  );
}

/** "3天5小时" since it was filed (to its end once closed or cancelled). */
export function AgeText({ order }: { order: Pick<WorkOrder, 'submittedAt' | 'closedAt' | 'cancelledAt'> }) {
  const { t } = useTranslation();
  const a = ageParts(order);
  return <>{a.days > 0 ? t('quality.ageDays', { days: a.days, hours: a.hours }) : t('quality.ageHours', { hours: a.hours, minutes: a.minutes })}</>;
}

/** A met / missed / pending SLA mark. */
export function SlaMark({ met }: { met: boolean | null }) {
  const { t } = useTranslation();
  if (met === null) return null;
  return (
    <Tag color={met ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>
      {t(met ? 'quality.slaMet' : 'quality.slaMissed')}
    </Tag>
  );
}

export function RatingView({ rating, comment }: { rating: number; comment?: string | null }) {
  return (
    <Flex vertical gap={2} data-testid="wo-rating-view" data-rating={rating}>
      <Rate disabled value={rating} style={{ fontSize: 16 }} />
      {comment && <Typography.Text type="secondary">{comment}</Typography.Text>}
    </Flex>
  );
}

/** Thumbnails that open a preview; `url` gives a photo's address by SHA-256. */
export function PhotoStrip({ photos, url }: { photos: string[]; url: (sha256: string) => string }) {
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex wrap gap={6} data-testid="wo-photos">
        {photos.map((p) => (
          <Image key={p} src={url(p)} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 4 }} alt="" />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}
