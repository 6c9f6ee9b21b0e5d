import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignedIn } from '../api';

/** The signed-in user's name and their roles ("业主 · 风华苑"). */
export function UserRoles({ me }: { me: SignedIn }) {
  const { t } = useTranslation();
  return (
    <Flex vertical style={{ maxWidth: 260 }}>
      <Typography.Text strong>{me.account.displayName}</Typography.Text>
      {me.roles.map((g, i) => (
        <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
          {t(`role.${g.role}`)}
          {g.communityName ? ` · ${g.communityName}` : g.region ? ` · ${g.region}` : ''}
        </Typography.Text>
      ))}
    </Flex>
  );
}
