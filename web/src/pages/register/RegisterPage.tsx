import { useCallback } from 'react';
import { Flex, Result, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type SignedIn, type UnitKind } from '../../api';
import { useRequest } from '../../components/useRequest';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RequireSignIn } from '../../components/RequireSignIn';
import { localName } from '../../components/names';
import { canManageRoster } from '../../roles';
import { RegisterFilters, type Filters } from './RegisterFilters';
import { RegisterTable } from './RegisterTable';
import { RosterActions } from './RosterActions';

const KINDS: readonly string[] = ['residential', 'commercial', 'parking', 'storage'];

export default function RegisterPage() {
  return <RequireSignIn>{(me) => <Register me={me} />}</RequireSignIn>;
}

/** Filters and paging live in the URL so a view can be reloaded or shared. */
function readFilters(params: URLSearchParams): Filters {
  const kind = params.get('kind');
  return {
    q: params.get('q') ?? '',
    building: params.get('building') ?? '',
    kind: kind && KINDS.includes(kind) ? (kind as UnitKind) : '',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Math.min(100, Math.max(1, Number(params.get('pageSize')) || 20)),
  };
}

function writeFilters(f: Filters): URLSearchParams {
  const out = new URLSearchParams();
  if (f.q) out.set('q', f.q);
  if (f.building) out.set('building', f.building);
  if (f.kind) out.set('kind', f.kind);
  if (f.page > 1) out.set('page', String(f.page));
  if (f.pageSize !== 20) out.set('pageSize', String(f.pageSize));
  return out;
}

function useFilters(): [Filters, (change: Partial<Filters>) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (change: Partial<Filters>) => setParams((prev) => writeFilters({ ...readFilters(prev), ...change }), { replace: true }),
    [setParams],
  );
  return [readFilters(params), update];
}

function Register({ me }: { me: SignedIn }) {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [filters, setFilters] = useFilters();
  const filterChange = useCallback((change: Partial<Filters>) => setFilters({ ...change, page: 1 }), [setFilters]);
  const community = useRequest((signal) => api.community(code, signal), [code]);
  const { q, building, kind, page, pageSize } = filters;
  const units = useRequest(
    (signal) => api.units(code, { q: q || undefined, building: building || undefined, kind: kind || undefined, page, pageSize }, signal),
    [code, q, building, kind, page, pageSize],
  );

  const denied = units.error instanceof ApiError && units.error.status === 403;
  if (denied) {
    return <Result status="403" title={t('register.noAccess')} subTitle={units.error?.message} />;
  }
  const manage = canManageRoster(me, code);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('register.title')}
          </Typography.Title>
          {community.data && <Link to={`/c/${encodeURIComponent(code)}`}>{localName(community.data)}</Link>}
        </div>
        {manage && <RosterActions communityCode={code} onImported={units.reload} />}
      </Flex>
      <RegisterFilters
        value={filters}
        buildings={community.data?.buildings.map((b) => b.name) ?? []}
        onChange={filterChange}
      />
      {units.error && <ErrorAlert error={units.error} onRetry={units.reload} />}
      <RegisterTable
        communityCode={code}
        data={units.data}
        loading={units.loading}
        canInvite={manage}
        onPage={(nextPage, nextSize) => setFilters({ page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })}
      />
    </Flex>
  );
}
