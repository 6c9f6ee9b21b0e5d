import { Button, Dropdown, Flex, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/SessionContext';
import { isResident, registerCommunities } from '../roles';
import { ledgerCommunities, ownsAnyUnit } from '../pages/ledger/ledgerUtil';
import { billingCommunities } from '../pages/billing/billingUtil';
import { decisionCommunities, decisionsPath } from '../pages/decisions/decisionsUtil';
import { qualityCommunities, qualityPath } from '../pages/quality/qualityUtil';
import { budgetCommunities, budgetsPath } from '../pages/budget/budgetUtil';
import { LanguageSwitch } from './LanguageSwitch';
import { UserRoles } from './UserRoles';

export function AppHeader() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { me, logout } = useSession();
  const location = useLocation();
  const narrow = !screens.md;

  const registers = registerCommunities(me);
  const ledgers = ledgerCommunities(me);
  const billings = billingCommunities(me);
  const decisions = decisionCommunities(me);
  const qualities = qualityCommunities(me);
  const budgets = budgetCommunities(me);
  const navItems: MenuProps['items'] = [
    { key: '/', label: <Link to="/">{t('nav.home')}</Link> },
    ...(isResident(me) ? [{ key: '/me/units', label: <Link to="/me/units">{t('nav.myUnits')}</Link> }] : []),
    ...(ownsAnyUnit(me) ? [{ key: '/me/bills', label: <Link to="/me/bills" data-testid="nav-my-bills">{t('nav.myBills')}</Link> }] : []),
    ...(isResident(me) ? [{ key: '/me/work-orders', label: <Link to="/me/work-orders" data-testid="nav-my-work-orders">{t('nav.myWorkOrders')}</Link> }] : []),
    ...(ownsAnyUnit(me) ? [{ key: '/me/payments', label: <Link to="/me/payments">{t('nav.myPayments')}</Link> }] : []),
    ...ledgers.map((c) => {
      const path = `/c/${encodeURIComponent(c.code)}/ledger`;
      const label = ledgers.length === 1 ? t('nav.ledger') : t('nav.ledgerOf', { name: c.name });
      return { key: path, label: <Link to={path} data-testid="nav-ledger">{label}</Link> };
    }),
    ...billings.map((c) => {
      const path = `/c/${encodeURIComponent(c.code)}/billing`;
      const label = billings.length === 1 ? t('nav.billing') : t('nav.billingOf', { name: c.name });
      return { key: path, label: <Link to={path} data-testid="nav-billing">{label}</Link> };
    }),
    ...decisions.map((c) => {
      const path = decisionsPath(c.code);
      const label = decisions.length === 1 ? t('nav.decisions') : t('nav.decisionsOf', { name: c.name });
      return { key: path, label: <Link to={path} data-testid="nav-decisions">{label}</Link> };
    }),
    ...budgets.map((c) => {
      const path = budgetsPath(c.code);
      const label = budgets.length === 1 ? t('nav.budget') : t('nav.budgetOf', { name: c.name });
      return { key: path, label: <Link to={path} data-testid="nav-budget">{label}</Link> };
    }),
    ...qualities.map((c) => {
      const path = qualityPath(c.code);
      const label = qualities.length === 1 ? t('nav.quality') : t('nav.qualityOf', { name: c.name });
      return { key: path, label: <Link to={path} data-testid="nav-quality">{label}</Link> };
    }),
    ...registers.map((c) => {
      const path = `/c/${encodeURIComponent(c.code)}/register`;
      const label = registers.length === 1 ? t('nav.register') : t('nav.registerOf', { name: c.name });
      return { key: path, label: <Link to={path}>{label}</Link> };
    }),
  ];
  const selected = navItems.map((i) => String(i?.key)).filter((k) => k === location.pathname);

  const account = me?.account ? me : null;
  const userMenu: MenuProps = {
    items: [
      ...(account ? [{ key: 'who', disabled: true, label: <UserRoles me={account} /> }, { type: 'divider' as const }] : []),
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('nav.logout')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void logout();
    },
  };

  return (
    <Layout.Header
      style={{
        background: '#fff',
        borderBottom: '1px solid #f0f0f0',
        padding: narrow ? '0 8px 0 12px' : '0 24px',
        height: 'auto',
        lineHeight: 'normal',
        position: 'sticky',
        top: 0,
        zIndex: 10,
      }}
    >
      <Flex align="center" gap={narrow ? 4 : 16} style={{ minHeight: 56 }}>
        <Link to="/" style={{ color: 'inherit', flex: 'none' }}>
          <Flex vertical>
            <Typography.Text strong style={{ fontSize: 20, color: '#1f6f5c', lineHeight: 1.2 }}>
              信义
            </Typography.Text>
            {!narrow && (
              <Typography.Text type="secondary" style={{ fontSize: 11, lineHeight: 1.2 }}>
                {t('app.subtitle')}
              </Typography.Text>
            )}
          </Flex>
        </Link>
        <Menu
          mode="horizontal"
          items={navItems}
          selectedKeys={selected}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none', lineHeight: '54px' }}
        />
        <LanguageSwitch compact={narrow} />
        {account ? (
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button data-testid="user-menu" type="text" icon={<UserOutlined />} aria-label={account.account.displayName}>
              {narrow ? null : account.account.displayName}
            </Button>
          </Dropdown>
        ) : (
          location.pathname !== '/login' && (
            <Link to="/login">
              <Button type="primary" size={narrow ? 'small' : 'middle'}>
                {t('nav.login')}
              </Button>
            </Link>
          )
        )}
      </Flex>
    </Layout.Header>
  );
}
