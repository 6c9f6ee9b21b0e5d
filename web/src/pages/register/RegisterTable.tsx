import { Flex, Grid, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Page, PersonContact, RegisterUnit } from '../../api';
import { formatAreaCm2 } from '../../format';
import { joinParts } from '../../components/names';
import { DeliveryTag } from './DeliveryTag';
import { InvitationButton } from './InvitationButton';

interface Props {
  communityCode: string;
  data: Page<RegisterUnit> | undefined;
  loading: boolean;
  canInvite: boolean;
  onPage: (page: number, pageSize: number) => void;
}

/** Names and phones exactly as the server sent them (possibly masked, phone possibly null). */
function People({ people }: { people: PersonContact[] }) {
  if (!people.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical>
      {people.map((p, i) => (
        <span key={i} style={{ whiteSpace: 'nowrap' }}>
          {p.name}
          {p.phone && <Typography.Text type="secondary"> {p.phone}</Typography.Text>}
        </span>
      ))}
    </Flex>
  );
}

export function RegisterTable({ communityCode, data, loading, canInvite, onPage }: Props) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();

  const columns: TableColumnsType<RegisterUnit> = [
    { key: 'code', title: t('register.code'), dataIndex: 'code', fixed: 'left', render: (code: string) => <Typography.Text strong>{code}</Typography.Text> },
    { key: 'building', title: t('register.building'), dataIndex: 'building' },
    { key: 'kind', title: t('register.kind'), dataIndex: 'kind', render: (k: RegisterUnit['kind']) => t(`kind.${k}`) },
    {
      key: 'area',
      title: t('register.area'),
      dataIndex: 'areaCm2',
      align: 'right',
      render: (a: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatAreaCm2(a)}</span>,
    },
    { key: 'status', title: t('register.status'), dataIndex: 'deliveryStatus', render: (s: RegisterUnit['deliveryStatus']) => <DeliveryTag status={s} /> },
    { key: 'grid', title: t('register.grid'), render: (_, u) => joinParts(u.grid, u.microGrid) || '—' },
    { key: 'owners', title: t('register.owners'), render: (_, u) => <People people={u.owners} /> },
    { key: 'tenants', title: t('register.tenants'), render: (_, u) => <People people={u.tenants} /> },
  ];
  if (canInvite) {
    columns.push({
      key: 'actions',
      title: t('register.actions'),
      render: (_, u) => <InvitationButton communityCode={communityCode} unit={u} />,
    });
  }

  return (
    <div data-testid="register-table">
      <Table<RegisterUnit>
        rowKey="id"
        size={screens.md ? 'middle' : 'small'}
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: data?.page ?? 1,
          pageSize: data?.pageSize ?? 20,
          total: data?.total ?? 0,
          showSizeChanger: true,
          simple: !screens.md,
          showTotal: (total) => t('register.total', { total }),
          onChange: onPage,
        }}
      />
    </div>
  );
}
