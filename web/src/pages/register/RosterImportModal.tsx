import { useState } from 'react';
import { Alert, App, Button, Col, Flex, Modal, Row, Spin, Statistic, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type RosterImportResult, type RosterRowError } from '../../api';

type Step =
  | { kind: 'choose' }
  | { kind: 'checking' }
  | { kind: 'checked'; file: File; result: RosterImportResult }
  | { kind: 'invalid'; message: string; errors: RosterRowError[] }
  | { kind: 'failed'; message: string }
  | { kind: 'importing'; file: File; result: RosterImportResult }
  | { kind: 'done'; result: RosterImportResult };

interface Props {
  open: boolean;
  communityCode: string;
  onClose: () => void;
  onImported: () => void;
}

function rowErrors(error: ApiError): RosterRowError[] | null {
  if (error.code !== 'roster.invalid') return null;
  const details = error.details as { errors?: RosterRowError[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : [];
}

/** Upload → dry run (counts or row errors) → confirm → real import. Nothing is written before confirm. */
export function RosterImportModal({ open, communityCode, onClose, onImported }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [step, setStep] = useState<Step>({ kind: 'choose' });

  const fail = (e: unknown): Step => {
    if (e instanceof ApiError) {
      const errors = rowErrors(e);
      if (errors) return { kind: 'invalid', message: e.message, errors };
    }
    return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  };

  const check = async (file: File) => {
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      void message.error(t('roster.onlyXlsx'));
      return;
    }
    setStep({ kind: 'checking' });
    try {
      setStep({ kind: 'checked', file, result: await api.importRoster(communityCode, file, true) });
    } catch (e) {
      setStep(fail(e));
    }
  };

  const confirm = async (file: File, preview: RosterImportResult) => {
    setStep({ kind: 'importing', file, result: preview });
    try {
      const result = await api.importRoster(communityCode, file, false);
      setStep({ kind: 'done', result });
      onImported();
    } catch (e) {
      setStep(fail(e));
    }
  };

  const close = () => {
    setStep({ kind: 'choose' });
    onClose();
  };
  const again = () => setStep({ kind: 'choose' });

  const footer = (() => {
    switch (step.kind) {
      case 'checked':
      case 'importing':
        return [
          <Button key="again" onClick={again} disabled={step.kind === 'importing'}>
            {t('roster.chooseAnother')}
          </Button>,
          <Button key="go" type="primary" loading={step.kind === 'importing'} onClick={() => confirm(step.file, step.result)} data-testid="roster-confirm">
            {t('roster.confirm')}
          </Button>,
        ];
      case 'invalid':
      case 'failed':
        return [
          <Button key="again" type="primary" onClick={again}>
            {t('roster.chooseAnother')}
          </Button>,
        ];
      default:
        return [
          <Button key="close" onClick={close}>
            {t('common.close')}
          </Button>,
        ];
    }
  })();

  return (
    <Modal open={open} title={t('roster.importTitle')} onCancel={close} footer={footer} width={720} destroyOnHidden mask={{ closable: false }}>
      <div data-testid="roster-import-panel">
        {step.kind === 'choose' && (
          <Flex vertical gap={12}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('roster.importHint')}
            </Typography.Paragraph>
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void check(file);
                return Upload.LIST_IGNORE; // we send it ourselves, with the CSRF header
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('roster.dragText')}</p>
            </Upload.Dragger>
          </Flex>
        )}
        {step.kind === 'checking' && (
          <Flex justify="center" style={{ padding: 32 }}>
            <Spin description={t('roster.checking')}>
              <div style={{ width: 120, height: 60 }} />
            </Spin>
          </Flex>
        )}
        {(step.kind === 'checked' || step.kind === 'importing') && (
          <Flex vertical gap={12}>
            <Alert type="info" showIcon title={t('roster.checkOk', { total: step.result.total })} />
            <Counts result={step.result} />
          </Flex>
        )}
        {step.kind === 'done' && (
          <Flex vertical gap={12}>
            <Alert type="success" showIcon title={t('roster.imported', { ...step.result })} data-testid="roster-imported" />
            <Counts result={step.result} />
          </Flex>
        )}
        {step.kind === 'failed' && <Alert type="error" showIcon title={step.message} />}
        {step.kind === 'invalid' && <InvalidRows message={step.message} errors={step.errors} />}
      </div>
    </Modal>
  );
}

function Counts({ result }: { result: RosterImportResult }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16} data-testid="roster-counts">
      <Col span={8}>
        <Statistic title={t('roster.created')} value={result.created} />
      </Col>
      <Col span={8}>
        <Statistic title={t('roster.updated')} value={result.updated} />
      </Col>
      <Col span={8}>
        <Statistic title={t('roster.unchanged')} value={result.unchanged} />
      </Col>
    </Row>
  );
}

function InvalidRows({ message, errors }: { message: string; errors: RosterRowError[] }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} data-testid="roster-errors">
      <Alert
        type="error"
        showIcon
        title={t('roster.invalidTitle')}
        description={errors.length ? t('roster.errorCount', { count: errors.length }) : message}
      />
      {errors.length > 0 && (
        <Table<RosterRowError>
          size="small"
          rowKey={(e) => `${e.row}:${e.column}:${e.code}`}
          dataSource={errors}
          scroll={{ x: 'max-content', y: 320 }}
          pagination={errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          columns={[
            { key: 'row', title: t('roster.row'), dataIndex: 'row', width: 64 },
            { key: 'column', title: t('roster.column'), dataIndex: 'column' },
            { key: 'message', title: t('roster.message'), dataIndex: 'message' },
            { key: 'value', title: t('roster.value'), dataIndex: 'value', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </Flex>
  );
}
