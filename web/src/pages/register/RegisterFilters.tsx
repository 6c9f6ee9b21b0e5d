import { useEffect, useState } from 'react';
import { Col, Input, Row, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { UnitKind } from '../../api';

export interface Filters {
  q: string;
  building: string;
  kind: UnitKind | '';
  page: number;
  pageSize: number;
}

const KINDS: UnitKind[] = ['residential', 'commercial', 'parking', 'storage'];

interface Props {
  value: Filters;
  buildings: string[];
  onChange: (change: Partial<Filters>) => void;
}

export function RegisterFilters({ value, buildings, onChange }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value.q);
  useEffect(() => setText(value.q), [value.q]);
  // Search as the user types, once they pause; Enter searches at once.
  useEffect(() => {
    if (text.trim() === value.q) return;
    const timer = setTimeout(() => onChange({ q: text.trim() }), 400);
    return () => clearTimeout(timer);
  }, [text, value.q, onChange]);

  return (
    <Row gutter={[8, 8]}>
      <Col xs={24} md={12}>
        <Input
          data-testid="register-search"
          type="search"
          enterKeyHint="search"
          prefix={<SearchOutlined />}
          placeholder={t('register.search')}
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => onChange({ q: text.trim() })}
        />
      </Col>
      <Col xs={12} md={6}>
        <Select
          data-testid="register-building"
          style={{ width: '100%' }}
          value={value.building}
          onChange={(building: string) => onChange({ building })}
          showSearch
          options={[{ value: '', label: t('register.allBuildings') }, ...buildings.map((b) => ({ value: b, label: b }))]}
        />
      </Col>
      <Col xs={12} md={6}>
        <Select
          data-testid="register-kind"
          style={{ width: '100%' }}
          value={value.kind}
          onChange={(kind: UnitKind | '') => onChange({ kind })}
          options={[{ value: '', label: t('register.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
        />
      </Col>
    </Row>
  );
}
