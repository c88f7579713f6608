import { UploadOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { type ReactNode, useRef } from 'react';

interface FilePickerButtonProps {
  /** The `accept` of the file input, e.g. `.pdf,.png,.jpg,.jpeg`. */
  accept: string;
  onPick: (file: File) => void;
  children: ReactNode;
  loading?: boolean;
  disabled?: boolean;
  type?: ButtonProps['type'];
  icon?: ReactNode;
  /** The test id of the file input itself, for tests that set its files. */
  inputTestId?: string;
}

/**
 * A button that opens the file chooser and hands over one file. The file is not sent anywhere by this
 * component: the caller uploads it (as the raw body, see api.upload) or reads it.
 */
export function FilePickerButton({
  accept,
  onPick,
  children,
  loading = false,
  disabled = false,
  type,
  icon = <UploadOutlined />,
  inputTestId,
}: FilePickerButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        style={{ display: 'none' }}
        data-testid={inputTestId}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again still reports it.
          event.target.value = '';
          if (file) onPick(file);
        }}
      />
      <Button type={type} icon={icon} loading={loading} disabled={disabled} onClick={() => input.current?.click()}>
        {children}
      </Button>
    </>
  );
}
