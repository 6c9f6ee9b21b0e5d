import { useState } from 'react';
import { App, Button, Flex } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { RosterImportModal } from './RosterImportModal';

/** Export and import of the roster workbook (trustee and committee only). */
export function RosterActions({ communityCode, onImported }: { communityCode: string; onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);

  const exportRoster = async () => {
    setExporting(true);
    try {
      await api.exportRoster(communityCode);
      void message.success(t('roster.exported'));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Flex gap={8} wrap>
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportRoster} data-testid="roster-export">
        {t('roster.export')}
      </Button>
      <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="roster-import">
        {t('roster.import')}
      </Button>
      <RosterImportModal
        open={importing}
        communityCode={communityCode}
        onClose={() => setImporting(false)}
        onImported={onImported}
      />
    </Flex>
  );
}
