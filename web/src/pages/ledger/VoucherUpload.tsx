import { Button, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type StoredVoucher } from '../../api';
import { shortHash } from './ledgerUtil';

export const MAX_VOUCHER_BYTES = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const EXTENSIONS = /\.(pdf|jpe?g|png)$/i;

export type VoucherFile = UploadFile<StoredVoucher>;

/**
 * Vouchers are uploaded as soon as they are chosen (stored by SHA-256); the entry then refers
 * to them by hash. The server checks the type from the bytes; this only spares a useless upload.
 */
export function VoucherUpload({ code, files, onChange }: { code: string; files: VoucherFile[]; onChange: (files: VoucherFile[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <div data-testid="voucher-upload">
      <Upload<StoredVoucher>
        multiple
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        fileList={files}
        onChange={({ fileList }) => onChange(fileList)}
        beforeUpload={(file) => {
          if (!TYPES.includes(file.type) && !EXTENSIONS.test(file.name)) {
            void message.error(t('entryForm.voucherBadType', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_VOUCHER_BYTES) {
            void message.error(t('entryForm.voucherTooLarge', { name: file.name }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          api
            .uploadVoucher(code, file as File)
            .then((stored) => onSuccess?.(stored))
            .catch((err: unknown) => {
              if (err instanceof ApiError) void message.error(err.message);
              onError?.(err instanceof Error ? err : new Error(String(err)));
            });
        }}
        itemRender={(node, file) => (
          <div data-testid="voucher-item" data-status={file.status}>
            {node}
            {file.status === 'done' && file.response && (
              <Typography.Text type="secondary" style={{ fontSize: 12, paddingLeft: 24 }}>
                SHA-256 {shortHash(file.response.sha256)}…
              </Typography.Text>
            )}
          </div>
        )}
      >
        <Button icon={<UploadOutlined />}>{t('entryForm.voucherUpload')}</Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('entryForm.voucherHint')}
      </Typography.Text>
    </div>
  );
}
