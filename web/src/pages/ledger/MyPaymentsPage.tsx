import { useMemo } from 'react';
import { Card, Col, Empty, Flex, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type MyUnit } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { RequireSignIn } from '../../components/RequireSignIn';
import { useSession } from '../../session/SessionContext';
import { EntryCard } from './EntriesView';
import type { ChartNames } from './names';

export default function MyPaymentsPage() {
  return <RequireSignIn>{() => <MyPayments />}</RequireSignIn>;
}

/** "Find my payment": the pseudonyms of the owner's units, and the public entries under each. */
function MyPayments() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useRequest((signal) => api.myUnits(signal), []);
  const owned = (data?.items ?? []).filter((u): u is MyUnit & { pseudonym: string } => u.relation === 'owner' && !!u.pseudonym);

  return (
    <Flex vertical gap={16} data-testid="my-payments">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('myPayments.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('myPayments.intro')}
      </Typography.Paragraph>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : loading && !data ? (
        <PageLoading />
      ) : owned.length === 0 ? (
        <Empty description={t('myPayments.empty')} />
      ) : (
        owned.map((u) => <UnitPayments key={`${u.communityCode}:${u.unitId}`} unit={u} />)
      )}
    </Flex>
  );
}

function UnitPayments({ unit }: { unit: MyUnit & { pseudonym: string } }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const code = unit.communityCode;
  const entries = useRequest((signal) => api.entries(code, { counterparty: unit.pseudonym, pageSize: 50 }, signal), [code, unit.pseudonym]);
  const accounts = useRequest((signal) => api.ledgerAccounts(code, signal), [code]);
  const chart: ChartNames = useMemo(() => new Map((accounts.data?.accounts ?? []).map((a) => [a.code, a])), [accounts.data]);
  const ledgerLink = `/c/${encodeURIComponent(code)}/ledger?tab=entries&counterparty=${encodeURIComponent(unit.pseudonym)}`;

  return (
    <Card
      size="small"
      data-testid="payment-unit"
      title={
        <Flex vertical style={{ padding: '6px 0' }}>
          <span>
            {unit.communityName} · {unit.code}
          </span>
          <Flex gap={6} align="baseline" wrap>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('myPayments.pseudonym')}
            </Typography.Text>
            <Typography.Text code copyable data-testid="payment-pseudonym">
              {unit.pseudonym}
            </Typography.Text>
          </Flex>
        </Flex>
      }
      extra={<Link to={ledgerLink}>{t('myPayments.openInLedger')}</Link>}
    >
      {entries.error ? (
        <ErrorAlert error={entries.error} onRetry={entries.reload} />
      ) : !entries.data ? (
        <PageLoading />
      ) : entries.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myPayments.noEntries')} />
      ) : (
        <Row gutter={[8, 8]}>
          {entries.data.items.map((e) => (
            <Col key={e.seq} xs={24} lg={12} style={{ display: 'flex' }}>
              {/* an owner may open the vouchers of their community's entries */}
              <EntryCard code={code} entry={e} chart={chart} showVouchers signedIn={!!me?.account} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
