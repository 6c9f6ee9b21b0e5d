import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { DOCUMENT_MIB } from './decisionsUtil';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';

/** 委托代理: the committee registers an owner's written proxy with the signed authorization. */
export function ProxyView({ code, decisionId }: { code: string; decisionId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [unitCode, setUnitCode] = useState('');
  const [proxyLogin, setProxyLogin] = useState('');
  const [files, setFiles] = useState<DocumentFile[]>([]);
  const { busy, error, run } = useAction();
  const doc = stored(files[0]);
  const ready = !!doc && !!unitCode.trim() && proxyLogin.trim().length >= 2;

  const register = async () => {
    if (!doc || !ready) return;
    const r = await run(() => api.registerProxy(code, decisionId, { unitCode: unitCode.trim(), proxyLogin: proxyLogin.trim(), authorizationSha256: doc.sha256, authorizationName: doc.name }));
    if (!r) return;
    void message.success(t('proxy.registered', { units: r.unitCodes.join(' '), proxy: r.proxy }));
    setUnitCode('');
    setProxyLogin('');
    setFiles([]);
  };

  return (
    <Card size="small" title={t('proxy.title')} styles={{ body: { padding: 12 } }} data-testid="decision-proxies">
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('proxy.hint')} />
        <Form layout="vertical" onFinish={() => void register()}>
          <Form.Item label={t('proxy.unitCode')} required>
            <Input value={unitCode} onChange={(e) => setUnitCode(e.target.value)} maxLength={50} placeholder="1-1-0101" />
          </Form.Item>
          <Form.Item label={t('proxy.proxyLogin')} required>
            <Input value={proxyLogin} onChange={(e) => setProxyLogin(e.target.value)} maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('proxy.authorization')} required>
            <DocumentUpload upload={(f) => api.uploadDecisionDocument(code, f)} maxMiB={DOCUMENT_MIB} files={files} onChange={setFiles} label={t('paper.upload')} />
          </Form.Item>
          {error && <ErrorAlert error={error} />}
          <Button type="primary" htmlType="submit" block loading={busy} disabled={!ready} style={{ marginTop: 8 }}>
            {t('proxy.submit')}
          </Button>
        </Form>
      </Flex>
    </Card>
  );
}
