import { DownloadOutlined, FileAddOutlined, KeyOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import type { CommitmentLetter, LetterVerification, SigningKey } from '../../api/contract-types.ts';
import { generateCommitmentLetter, listSigningKeys, registerSigningKey, signCommitmentLetter, uploadLetterScan, verifyCommitmentLetter } from '../../api/security-api.ts';
import { documentUrl } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FilePickerButton } from '../../components/file-picker-button.tsx';
import { Loading } from '../../components/loading.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { type BrowserKeyPair, generateKeyPair, signDigest, sm3Hex, storedKeyPair } from './browser-signing-key.ts';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

const mono = { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' } as const;

/** The letter's bytes as the server serves them, with the session cookie. */
async function letterBytes(letter: CommitmentLetter): Promise<Uint8Array> {
  const response = await fetch(documentUrl(letter.document.id), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function SigningCard({ systemId, letter, onSigned }: { systemId: string; letter: CommitmentLetter; onSigned: () => void }) {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const keys = useAsync(useCallback(() => listSigningKeys(), []));
  const [pair, setPair] = useState<BrowserKeyPair | null>(() => storedKeyPair(me.id));
  const [busy, setBusy] = useState<'key' | 'sign' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const registered: SigningKey | undefined = keys.data?.find((key) => key.userId === me.id && key.revokedAt === null);
  const ready = registered !== undefined && pair !== null && pair.publicKey === registered.publicKey.toLowerCase();

  const makeKey = async () => {
    setBusy('key');
    setError(null);
    try {
      const fresh = await generateKeyPair(me.id);
      await registerSigningKey(fresh.publicKey);
      setPair(fresh);
      feedback.succeeded(t('securityRecord.letter.sign.keyRegistered'));
      keys.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const sign = async () => {
    if (!pair) return;
    setBusy('sign');
    setError(null);
    try {
      // What is signed is the letter as read here: its SM3 must be the digest the server recorded.
      if ((await sm3Hex(await letterBytes(letter))) !== letter.digest) throw new Error(t('securityRecord.letter.sign.digestMismatch'));
      await signCommitmentLetter(systemId, await signDigest(letter.digest, pair));
      feedback.succeeded(t('securityRecord.letter.sign.signed'));
      onSigned();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  let keyState: ReactNode;
  if (keys.loading && !keys.data) keyState = <Loading />;
  else if (ready) keyState = <Typography.Text data-testid="signing-key-ready">{t('securityRecord.letter.sign.keyHere', { fingerprint: registered.fingerprint.slice(0, 16) })}</Typography.Text>;
  else if (registered) keyState = <Typography.Text type="warning">{t('securityRecord.letter.sign.keyElsewhere', { fingerprint: registered.fingerprint.slice(0, 16) })}</Typography.Text>;
  else keyState = <Typography.Text type="warning">{t('securityRecord.letter.sign.noKey')}</Typography.Text>;

  return (
    <Card size="small" type="inner" title={t('securityRecord.letter.sign.title')} data-testid="letter-signing">
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('securityRecord.letter.sign.privacy')} data-testid="letter-key-privacy" />
        {keys.error ? <ApiErrorAlert error={keys.error} /> : null}
        {error ? <ApiErrorAlert error={error} /> : null}
        {keyState}
        <Flex gap={8} wrap>
          {ready ? null : (
            <Button icon={<KeyOutlined />} loading={busy === 'key'} disabled={busy !== null || keys.loading} onClick={() => void makeKey()} data-testid="signing-key-generate">
              {t(registered ? 'securityRecord.letter.sign.replaceKey' : 'securityRecord.letter.sign.generateKey')}
            </Button>
          )}
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={busy === 'sign'} disabled={!ready || busy !== null} onClick={() => void sign()} data-testid="letter-sign">
            {t('securityRecord.letter.sign.signNow')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}

function passTag(t: ReturnType<typeof useT>, value: boolean | null, testId: string) {
  if (value === null) return <Tag data-testid={testId}>{t('securityRecord.letter.verify.unavailable')}</Tag>;
  return (
    <Tag color={value ? 'green' : 'red'} data-testid={testId}>
      {t(value ? 'securityRecord.letter.verify.passed' : 'securityRecord.letter.verify.notPassed')}
    </Tag>
  );
}

function VerificationCard({ systemId }: { systemId: string }) {
  const t = useT();
  const verification = useAsync(useCallback(() => verifyCommitmentLetter(systemId), [systemId]));
  const data: LetterVerification | undefined = verification.data;
  return (
    <Card
      size="small"
      type="inner"
      title={t('securityRecord.letter.verify.title')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={verification.loading} onClick={verification.reload} data-testid="letter-verify">
          {t('securityRecord.letter.verify.run')}
        </Button>
      }
      data-testid="letter-verification"
    >
      {verification.error ? <ApiErrorAlert error={verification.error} /> : null}
      {data ? (
        <Flex vertical gap={8}>
          <Flex gap={8} align="center" wrap>
            <Tag color={data.ok ? 'green' : 'red'} data-testid="letter-verification-result" data-ok={String(data.ok)}>
              {data.signed ? t(data.ok ? 'securityRecord.letter.verify.ok' : 'securityRecord.letter.verify.failed') : t('securityRecord.letter.verify.notSigned')}
            </Tag>
            <Tag color={data.digest.matches ? 'green' : 'red'}>{t(data.digest.matches ? 'securityRecord.letter.verify.digestMatches' : 'securityRecord.letter.verify.digestDiffers')}</Tag>
          </Flex>
          {data.signed ? (
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'sm', label: t('securityRecord.letter.verify.smCrypto'), children: passTag(t, data.smCrypto, 'letter-verify-sm-crypto') },
                {
                  key: 'openssl',
                  label: t('securityRecord.letter.verify.openssl'),
                  children: (
                    <Flex gap={4} align="center" wrap>
                      {passTag(t, data.openssl, 'letter-verify-openssl')}
                      {data.opensslNote ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {data.opensslNote}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  ),
                },
                { key: 'signer', label: t('securityRecord.letter.signature'), children: t('securityRecord.letter.signedBy', { signer: data.signer ?? '', at: formatDateTime(data.signedAt) }) },
                { key: 'fingerprint', label: t('securityRecord.letter.fingerprint'), children: <span style={mono}>{data.keyFingerprint}</span> },
              ]}
            />
          ) : null}
        </Flex>
      ) : verification.loading ? (
        <Loading />
      ) : null}
    </Card>
  );
}

interface CommitmentLetterPanelProps {
  systemId: string;
  letter: { data: CommitmentLetter | null | undefined; error: unknown; loading: boolean };
  live: boolean;
  mayManage: boolean;
  maySign: boolean;
  onChanged: () => void;
}

/**
 * 上云安全承诺书 (SJ-18): generated as a PDF, its signed and sealed paper uploaded as a scan, and signed by
 * the unit administrator with an SM2 key kept in this browser; the server verifies the signature on
 * submission and whenever asked.
 */
export function CommitmentLetterPanel({ systemId, letter, live, mayManage, maySign, onChanged }: CommitmentLetterPanelProps) {
  const t = useT();
  const feedback = useFeedback();
  const [generating, setGenerating] = useState(false);
  const [uploading, setUploading] = useState(false);
  const current = letter.data;
  const editable = mayManage && !live && !current?.signature;

  const generate = async () => {
    setGenerating(true);
    try {
      await generateCommitmentLetter(systemId);
      feedback.succeeded(t('securityRecord.letter.generated'));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setGenerating(false);
    }
  };
  const uploadScan = async (file: File) => {
    setUploading(true);
    try {
      await uploadLetterScan(systemId, file);
      feedback.succeeded(t('securityRecord.letter.scanUploaded', { name: file.name }));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setUploading(false);
    }
  };

  const generateButton = editable ? (
    <Button icon={<FileAddOutlined />} loading={generating} onClick={() => void generate()} data-testid="letter-generate">
      {t(current ? 'securityRecord.letter.regenerate' : 'securityRecord.letter.generate')}
    </Button>
  ) : null;

  let body: ReactNode;
  if (letter.error) body = <ApiErrorAlert error={letter.error} />;
  else if (letter.loading && current === undefined) body = <Loading />;
  else if (!current) body = <Empty description={t('securityRecord.letter.empty')}>{generateButton}</Empty>;
  else
    body = (
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            {
              key: 'document',
              label: t('securityRecord.letter.document'),
              children: (
                <Flex gap={8} align="center" wrap>
                  <Typography.Link href={documentUrl(current.document.id)} data-testid="letter-download">
                    <DownloadOutlined /> {current.document.filename}
                  </Typography.Link>
                  <Typography.Text type="secondary">{t('securityRecord.letter.generatedBy')} {`${current.generatedBy} · ${formatDateTime(current.generatedAt)}`}</Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'digest',
              label: t('securityRecord.letter.digest'),
              children: (
                <Typography.Text style={mono} copyable={{ text: current.digest, tooltips: [t('common.copy'), t('common.copied')] }} data-testid="letter-digest">
                  {current.digest}
                </Typography.Text>
              ),
            },
            {
              key: 'scan',
              label: t('securityRecord.letter.scan'),
              children: (
                <Flex gap={8} align="center" wrap>
                  {current.scan ? (
                    <Typography.Link href={documentUrl(current.scan.id)} data-testid="letter-scan">
                      <DownloadOutlined /> {current.scan.filename}
                    </Typography.Link>
                  ) : (
                    <Tag color="orange" data-testid="letter-scan-missing">
                      {t('securityRecord.letter.scanMissing')}
                    </Tag>
                  )}
                  {mayManage && !live ? (
                    <FilePickerButton accept={ACCEPT} onPick={(file) => void uploadScan(file)} loading={uploading} inputTestId="letter-scan-input">
                      {t('securityRecord.letter.uploadScan')}
                    </FilePickerButton>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'signature',
              label: t('securityRecord.letter.signature'),
              children: current.signature ? (
                <Flex vertical gap={4} data-testid="letter-signature">
                  <Tag color="green" style={{ width: 'fit-content' }}>
                    {t('securityRecord.letter.signedBy', { signer: current.signature.signer, at: formatDateTime(current.signature.signedAt) })}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('securityRecord.letter.fingerprint')}: <span style={mono}>{current.signature.keyFingerprint}</span>
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('securityRecord.letter.verifiedWith')}: {current.signature.verifiedWith.join(t('common.listSeparator'))}
                  </Typography.Text>
                  <Typography.Text style={{ ...mono, color: 'inherit' }} type="secondary">
                    {current.signature.value}
                  </Typography.Text>
                </Flex>
              ) : (
                <Tag color="orange" data-testid="letter-unsigned">
                  {t('securityRecord.letter.unsigned')}
                </Tag>
              ),
            },
          ]}
        />
        {editable ? (
          <Flex gap={8} align="center" wrap>
            {generateButton}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('securityRecord.letter.regenerateHint')}
            </Typography.Text>
          </Flex>
        ) : null}
        {current.signature ? null : maySign && !live ? (
          <SigningCard systemId={systemId} letter={current} onSigned={onChanged} />
        ) : (
          <Typography.Text type="secondary">{t('securityRecord.letter.sign.onlyAdmin')}</Typography.Text>
        )}
        {current.signature ? <VerificationCard key={current.signature.signedAt} systemId={systemId} /> : null}
      </Flex>
    );

  return (
    <Card size="small" title={t('securityRecord.letter.title')} data-testid="commitment-letter">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('securityRecord.letter.hint')}
        </Typography.Paragraph>
        {body}
      </Flex>
    </Card>
  );
}
