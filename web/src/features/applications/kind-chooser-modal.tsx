import { Card, Col, Empty, Modal, Row, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { ApplicationKind } from '../../api/contract-types.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { KindLabel } from './application-tags.tsx';

interface KindChooserModalProps {
  open: boolean;
  kinds: readonly ApplicationKind[];
  onClose: () => void;
}

/** 新建申请: one card per kind the user may submit, each opening that kind's form. */
export function KindChooserModal({ open, kinds, onClose }: KindChooserModalProps) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Modal open={open} onCancel={onClose} footer={null} width={820} title={t('applications.chooseKind')} destroyOnHidden>
      {kinds.length === 0 ? (
        <Empty description={t('applications.noKinds')} />
      ) : (
        <Row gutter={[12, 12]}>
          {kinds.map((kind) => (
            <Col key={kind} xs={24} md={12}>
              <Card
                size="small"
                hoverable
                style={{ height: '100%' }}
                data-testid={`application-kind-${kind}`}
                onClick={() => {
                  onClose();
                  void navigate(`/applications/new/${kind}`);
                }}
              >
                <div style={{ fontWeight: 600 }}>
                  <KindLabel kind={kind} />
                </div>
                <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 13 }}>
                  {t(`applications.kindHints.${kind}`)}
                </Typography.Paragraph>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Modal>
  );
}
