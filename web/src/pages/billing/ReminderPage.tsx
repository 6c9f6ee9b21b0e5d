import { Button, Flex, Result, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ReminderNotice } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { formatFen } from '../../format';
import { STAGE_COLORS, stageKey } from './billingUtil';
import './print.css';

/**
 * 催缴通知书: `/me/reminders/:id` for the unit's owners (opening it marks it read) and
 * `/c/:code/billing/reminders/:id` for the community's staff. Polite at every stage, and always
 * says that water, power, heating and gas are never cut (Civil Code art. 944 ¶3).
 */
export default function ReminderPage() {
  return <RequireSignIn>{() => <ReminderView />}</RequireSignIn>;
}

function ReminderView() {
  const { t } = useTranslation();
  const { code, id = '' } = useParams();
  const reminderId = Number(id);
  const notice = useRequest((signal) => (code ? api.reminder(code, reminderId, signal) : api.myReminder(reminderId, signal)), [code, reminderId]);
  const back = code ? `/c/${encodeURIComponent(code)}/billing?tab=arrears` : '/me/bills';

  if (notice.error instanceof ApiError && notice.error.status === 404) {
    return <Result status="404" title={notice.error.message} extra={<Link to={back}>{t('receipt.back')}</Link>} />;
  }
  if (notice.error) return <ErrorAlert error={notice.error} onRetry={notice.reload} />;
  if (!notice.data) return <PageLoading />;

  return (
    <Flex vertical gap={12} data-testid="reminder-page">
      <Flex justify="space-between" align="center" gap={8} wrap className="no-print">
        <Link to={back}>
          <ArrowLeftOutlined /> {t('receipt.back')}
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="reminder-print">
          {t('billing.print')}
        </Button>
      </Flex>
      <NoticeDocument n={notice.data} />
    </Flex>
  );
}

function NoticeDocument({ n }: { n: ReminderNotice }) {
  const { t } = useTranslation();
  const stage = stageKey(n.stage);
  const values = { unit: n.unitCode, amount: formatFen(n.arrearsFen), bills: n.billCount, oldest: n.oldestMonth, replyBy: n.replyBy, issued: n.issuedOn, community: n.community };
  const paragraphs = [t(`notice.${stage}.p1`, values), t(`notice.${stage}.p2`, values), t('notice.art944', values), t('notice.howToPay', values), t('notice.questions', values)];

  return (
    <div className="print-doc print-notice" data-testid="reminder-notice" data-stage={n.stage}>
      <Typography.Title level={3} className="doc-title">
        {t('notice.title')}
      </Typography.Title>
      <div style={{ textAlign: 'center', marginBottom: 16 }}>
        <Tag color={STAGE_COLORS[stage]} style={{ marginInlineEnd: 0 }} data-testid="reminder-stage">
          {t(`billing.stage.${stage}`)}
        </Tag>
      </div>
      <Flex justify="flex-end" style={{ fontSize: 13, marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('notice.number', { id: n.id })}</Typography.Text>
      </Flex>
      <Typography.Paragraph strong style={{ fontSize: 15 }}>
        {t('notice.salutation', values)}
      </Typography.Paragraph>
      <div className="notice-body" data-testid="reminder-text">
        {paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <table className="doc-table" style={{ margin: '16px 0' }}>
        <tbody>
          <tr>
            <th>{t('notice.unit')}</th>
            <td>{n.unitCode}</td>
          </tr>
          <tr>
            <th>{t('notice.amount')}</th>
            <td>
              <Typography.Text strong data-testid="reminder-amount">
                {formatFen(n.arrearsFen)}
              </Typography.Text>
            </td>
          </tr>
          <tr>
            <th>{t('notice.bills')}</th>
            <td>{t('notice.billsValue', { count: n.billCount, oldest: n.oldestMonth })}</td>
          </tr>
          <tr>
            <th>{t('notice.replyBy')}</th>
            <td>
              <Typography.Text strong data-testid="reminder-reply-by">
                {n.replyBy}
              </Typography.Text>
            </td>
          </tr>
        </tbody>
      </table>
      <Flex vertical align="flex-end" gap={4} style={{ marginTop: 24 }}>
        <span>{t('notice.signature', { community: n.community })}</span>
        <span>{n.issuedOn}</span>
      </Flex>
    </div>
  );
}
