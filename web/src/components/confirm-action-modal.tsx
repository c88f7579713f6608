import { Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useT } from '../i18n/i18n-provider.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';

interface ConfirmActionModalProps<T> {
  open: boolean;
  title: ReactNode;
  /** What the action does and what cannot be undone afterwards. */
  children: ReactNode;
  okText: string;
  danger?: boolean;
  /** `${testId}-submit` is the confirm button. */
  testId: string;
  action: () => Promise<T>;
  onClose: () => void;
  onDone: (value: T) => void;
}

function ConfirmActionDialog<T>({ title, children, okText, danger, testId, action, onClose, onDone }: Omit<ConfirmActionModalProps<T>, 'open'>) {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      onDone(await action());
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: running, ...({ 'data-testid': `${testId}-submit` } as object) }}
      onOk={() => void run()}
    >
      {error ? <ApiErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      {children}
    </Modal>
  );
}

/**
 * An action without input that is confirmed first — confirming a month, approving a settlement — with
 * what it does stated in the dialog and the API's refusal shown in it. Mounted only while open, so each
 * opening starts without the last refusal.
 */
export function ConfirmActionModal<T>({ open, ...props }: ConfirmActionModalProps<T>) {
  return open ? <ConfirmActionDialog<T> {...props} /> : null;
}
