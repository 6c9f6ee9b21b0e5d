import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from '../../api';

const COLORS: Record<DeliveryStatus, string> = { delivered: 'green', undelivered: 'orange', unsold: 'default' };

export function DeliveryTag({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`delivery.${status}`)}</Tag>;
}
