import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';

export interface UnitOption {
  id: number;
  code: string;
  building?: string;
}

/**
 * Picks a unit of the community by code: the candidates given first, then the register searched
 * as the user types (staff who reconcile and refund can read the register).
 */
export function UnitPicker({
  code,
  value,
  onChange,
  candidates = [],
  placeholder,
  style,
  testId,
}: {
  code: string;
  value?: number | null;
  onChange?: (unit: UnitOption | null) => void;
  candidates?: UnitOption[];
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [found, setFound] = useState<UnitOption[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
    controller.current?.abort();
  }, []);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    controller.current?.abort();
    if (!q.trim()) return setFound([]);
    timer.current = setTimeout(() => {
      const c = (controller.current = new AbortController());
      setSearching(true);
      api
        .units(code, { q: q.trim(), pageSize: 20 }, c.signal)
        .then((page) => setFound(page.items.map((u) => ({ id: u.id, code: u.code, building: u.building }))))
        .catch(() => undefined)
        .finally(() => {
          if (!c.signal.aborted) setSearching(false);
        });
    }, 250);
  };

  const options = new Map<number, UnitOption>();
  for (const u of [...candidates, ...found]) if (!options.has(u.id)) options.set(u.id, u);

  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder ?? t('unitPicker.placeholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('unitPicker.none')}
      onChange={(id) => onChange?.(id === undefined ? null : (options.get(id) ?? null))}
      options={[...options.values()].map((u) => ({ value: u.id, label: u.building ? `${u.code} · ${u.building}` : u.code }))}
      style={{ minWidth: 160, ...style }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
