import { useState } from 'react';
import { App, Button, Flex, Modal, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Invitation, type RegisterUnit } from '../../api';
import { formatDateTime } from '../../format';

/** Issues an invitation code for one unit and shows it once. */
export function InvitationButton({ communityCode, unit }: { communityCode: string; unit: RegisterUnit }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [invitation, setInvitation] = useState<Invitation | null>(null);

  const create = async () => {
    setBusy(true);
    try {
      setInvitation(await api.createInvitation(communityCode, unit.id));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" icon={<KeyOutlined />} loading={busy} onClick={create} data-testid="invite-button">
        {t('invitation.create')}
      </Button>
      <Modal
        open={invitation !== null}
        title={t('invitation.title', { unit: unit.code })}
        onCancel={() => setInvitation(null)}
        footer={
          <Button type="primary" onClick={() => setInvitation(null)}>
            {t('common.close')}
          </Button>
        }
        destroyOnHidden
      >
        {invitation && (
          <Flex vertical align="center" gap={8} data-testid="invitation-modal">
            <Typography.Text
              copyable={{ text: invitation.code }}
              data-testid="invitation-code"
              style={{ fontSize: 28, fontFamily: 'monospace', letterSpacing: 2 }}
            >
              {invitation.code}
            </Typography.Text>
            <Typography.Text type="secondary">{t('invitation.expiresAt', { time: formatDateTime(invitation.expiresAt) })}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              {t('invitation.onceHint')}
            </Typography.Paragraph>
          </Flex>
        )}
      </Modal>
    </>
  );
}
