import { useState } from 'react';
import { App, Button, Empty, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type CalendarMonth, type DisclosureCalendar, type DisclosureStatus } from '../../api';
import { formatDateTime } from '../../format';
import { HashText } from './EntryParts';

const STATUS_COLORS: Record<DisclosureStatus, string> = { on_time: 'green', late: 'orange', missing: 'red', not_due: 'default' };

export function StatusTag({ status }: { status: DisclosureStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="calendar-status" data-status={status}>
      {t(`ledger.status.${status}`)}
    </Tag>
  );
}

interface Props {
  code: string;
  calendar: DisclosureCalendar;
  onOpen: (period: string) => void;
  /** the trustee closes months (in order, once ended) */
  canClose: boolean;
  /** the trustee or the supervisor publishes closed months */
  canPublish: boolean;
  onChanged: () => void;
}

/**
 * Each month's statement: due by the 10th of the next month; published on time, late, not at all,
 * or not yet due. The trustee closes the next month from here; the trustee or supervisor publishes.
 */
export function CalendarView({ code, calendar, onOpen, canClose, canPublish, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  // months close in order: only the first open month, and only once it has ended
  const nextToClose = calendar.items.find((i) => !i.closed);
  const closable = canClose && nextToClose && nextToClose.period < calendar.today.slice(0, 7) ? nextToClose.period : null;
  const act = async (period: string, run: () => Promise<string>) => {
    setBusy(period);
    try {
      void message.success(await run());
      onChanged();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  const actions = (m: CalendarMonth) => {
    if (m.period === closable) {
      return (
        <Popconfirm title={t('ledger.closeConfirm', { period: m.period })} onConfirm={() => act(m.period, async () => t('ledger.closedMonth', { period: m.period, seq: (await api.closeMonth(code, m.period)).seq }))}>
          <Button size="small" loading={busy === m.period} data-testid="calendar-close">
            {t('ledger.closeMonth')}
          </Button>
        </Popconfirm>
      );
    }
    if (canPublish && m.closed && !m.publishedAt) {
      return (
        <Popconfirm title={t('ledger.publishConfirm', { period: m.period })} onConfirm={() => act(m.period, async () => (await api.publish(code, m.period), t('ledger.publishedMonth', { period: m.period })))}>
          <Button size="small" type="primary" loading={busy === m.period} data-testid="calendar-publish">
            {t('ledger.publish')}
          </Button>
        </Popconfirm>
      );
    }
    return null;
  };
  const rows = [...calendar.items].reverse();
  const counts = calendar.items.reduce<Partial<Record<DisclosureStatus, number>>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
  return (
    <Flex vertical gap={12} data-testid="disclosure-calendar">
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">{t('ledger.calendarToday', { today: calendar.today })}</Typography.Text>
        {(['on_time', 'late', 'missing', 'not_due'] as const).map((s) =>
          counts[s] ? (
            <Tag key={s} color={STATUS_COLORS[s]}>
              {t(`ledger.status.${s}`)} {counts[s]}
            </Tag>
          ) : null,
        )}
      </Flex>
      <Table<CalendarMonth>
        size="small"
        rowKey="period"
        dataSource={rows}
        pagination={rows.length > 24 ? { pageSize: 24, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty description={t('ledger.calendarEmpty')} /> }}
        onRow={(m) => ({ 'data-testid': 'calendar-month', 'data-period': m.period }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'period',
            title: t('ledger.calendarMonth'),
            render: (_, m) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(m.period)}>
                {m.period}
              </Button>
            ),
          },
          { key: 'due', title: t('ledger.calendarDue'), dataIndex: 'due' },
          { key: 'status', title: t('ledger.calendarStatus'), render: (_, m) => <StatusTag status={m.status} /> },
          { key: 'published', title: t('ledger.calendarPublishedAt'), responsive: ['md'], render: (_, m) => formatDateTime(m.publishedAt) },
          {
            key: 'checkpoint',
            title: t('ledger.checkpoint'),
            responsive: ['sm'],
            render: (_, m) =>
              m.checkpoint ? (
                <Flex gap={4} align="center">
                  <Typography.Text type="secondary">#{m.checkpoint.seq}</Typography.Text>
                  <HashText hash={m.checkpoint.hash} />
                </Flex>
              ) : (
                '—'
              ),
          },
          ...(canClose || canPublish ? [{ key: 'actions', title: t('ledger.calendarActions'), render: (_: unknown, m: CalendarMonth) => actions(m) }] : []),
        ]}
      />
    </Flex>
  );
}
