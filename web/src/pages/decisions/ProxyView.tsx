import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../components/useAction';
import { useRequest } from '../../components/useRequest';
import { formatDateTime } from '../../format';
import { DOCUMENT_MIB } from './decisionsUtil';
import { DocumentUpload, stored, type DocumentFile } from '../../components/DocumentUpload';

/** 委托代理: the written proxies registered so far, and the committee registers one with the signed authorization. */
export function ProxyView({ code, decisionId }: { code: string; decisionId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [unitCode, setUnitCode] = useState('');
  const [proxyLogin, setProxyLogin] = useState('');
  const [files, setFiles] = useState<DocumentFile[]>([]);
  const { busy, error, run } = useAction();
  const registered = useRequest((signal) => api.decisionProxies(code, decisionId, signal), [code, decisionId]);
  const doc = stored(files[0]);
  const ready = !!doc && !!unitCode.trim() && proxyLogin.trim().length >= 2;

  const register = async () => {
    if (!doc || !ready) return;
    const r = await run(() => api.registerProxy(code, decisionId, { unitCode: unitCode.trim(), proxyLogin: proxyLogin.trim(), authorizationSha256: doc.sha256, authorizationName: doc.name }));
    if (!r) return;
    void message.success(t('proxy.registered', { units: r.unitCodes.join(' '), proxy: r.proxy }));
    registered.reload();
    setUnitCode('');
    setProxyLogin('');
    setFiles([]);
  };

  return (
    <Card size="small" title={t('proxy.title')} styles={{ body: { padding: 12 } }} data-testid="decision-proxies">
      <Flex vertical gap={12}>
        <List
          size="small"
          data-testid="decision-proxy-list"
          loading={registered.loading}
          locale={{ emptyText: t('proxy.none') }}
          dataSource={registered.data ?? []}
          renderItem={(p) => (
            <List.Item>
              <Flex vertical gap={2}>
                <Typography.Text>{t('proxy.entry', { units: p.unitCodes.join(' '), proxy: p.proxy })}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <a href={api.ballotDocumentUrl(code, decisionId, p.authorizationSha256)} target="_blank" rel="noreferrer">
                    {p.authorizationName}
                  </a>{' '}
                  · {t('proxy.registeredBy', { who: p.registeredBy, at: formatDateTime(p.registeredAt) })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
        {registered.error && <ErrorAlert error={registered.error} />}
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
