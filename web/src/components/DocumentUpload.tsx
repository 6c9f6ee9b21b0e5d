import { App, Button, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, type StoredDocument } from '../api';
import { shortHash } from '../pages/ledger/ledgerUtil';

export type DocumentFile = UploadFile<StoredDocument>;
const KINDS = {
  documents: { types: ['application/pdf', 'image/jpeg', 'image/png'], extensions: /\.(pdf|jpe?g|png)$/i, accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' },
  photos: { types: ['image/jpeg', 'image/png'], extensions: /\.(jpe?g|png)$/i, accept: '.jpg,.jpeg,.png,image/jpeg,image/png' },
} as const;

/** The SHA-256 and name of an uploaded file, once the upload has finished. */
export function stored(f: DocumentFile | undefined): { sha256: string; name: string } | null {
  return f?.status === 'done' && f.response ? { sha256: f.response.sha256, name: f.name } : null;
}

/**
 * A document (PDF, JPEG, PNG; `kind="photos"`: JPEG, PNG only, shown as thumbnails) uploaded as soon as it is chosen, stored by SHA-256 by `upload`;
 * the form then refers to it by hash. The server checks the type from the bytes and the size;
 * this only spares a useless upload.
 */
export function DocumentUpload({
  upload,
  maxMiB,
  files,
  onChange,
  label,
  max = 1,
  testId,
  kind = 'documents',
}: {
  upload: (file: File) => Promise<StoredDocument>;
  maxMiB: number;
  files: DocumentFile[];
  onChange: (files: DocumentFile[]) => void;
  label: string;
  max?: number;
  testId?: string;
  kind?: keyof typeof KINDS;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const k = KINDS[kind];
  return (
    <Upload<StoredDocument>
      maxCount={max}
      multiple={max > 1}
      accept={k.accept}
      listType={kind === 'photos' ? 'picture' : 'text'}
      fileList={files}
      onChange={({ fileList }) => onChange(fileList)}
      beforeUpload={(f) => {
        if (!(k.types as readonly string[]).includes(f.type) && !k.extensions.test(f.name)) {
          void message.error(t('upload.badType', { name: f.name }));
          return Upload.LIST_IGNORE;
        }
        if (f.size > maxMiB * 1024 * 1024) {
          void message.error(t('upload.tooLarge', { name: f.name, max: maxMiB }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        upload(file as File)
          .then((s) => onSuccess?.(s))
          .catch((err: unknown) => {
            if (err instanceof ApiError) void message.error(err.message);
            onError?.(err instanceof Error ? err : new Error(String(err)));
          });
      }}
      itemRender={(node, f) => (
        <div data-testid={testId ? `${testId}-item` : undefined} data-status={f.status}>
          {node}
          {kind === 'documents' && f.status === 'done' && f.response && (
            <Typography.Text type="secondary" style={{ fontSize: 12, paddingLeft: 24 }}>
              SHA-256 {shortHash(f.response.sha256)}…
            </Typography.Text>
          )}
        </div>
      )}
    >
      <Button icon={<UploadOutlined />} data-testid={testId}>
        {label}
      </Button>
    </Upload>
  );
}
