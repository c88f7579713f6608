import { CheckCircleOutlined, PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Tooltip } from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import type { EvaluationDetail } from '../../api/contract-types.ts';
import { publishEvaluation, runEvaluation } from '../../api/evaluation-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ConfirmActionModal } from '../../components/confirm-action-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { currentYear } from './evaluation-year.ts';

type Action = 'run' | 'publish';

interface EvaluationActionsProps {
  year: number;
  /** The year's evaluation; null before its first run. */
  evaluation: EvaluationDetail | null;
  onChanged: (evaluation: EvaluationDetail) => void;
}

/**
 * 开展评价 / 重新评价 for the operator while the year is not published (QP-24), 发布结果 for the authority
 * once the year is over (QP-25); each confirmed in a dialog saying what follows, the refusal shown in it.
 */
export function EvaluationActions({ year, evaluation, onChanged }: EvaluationActionsProps) {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const [open, setOpen] = useState<Action | null>(null);
  const draft = evaluation?.status === 'draft';
  const yearOver = year < currentYear();
  const mayRun = can(me, 'evaluation:run') && evaluation?.status !== 'published' && year <= currentYear();
  const mayPublish = can(me, 'evaluation:publish') && draft;
  return (
    <>
      {mayRun ? (
        <Button type={evaluation ? 'default' : 'primary'} icon={evaluation ? <RedoOutlined /> : <PlayCircleOutlined />} onClick={() => setOpen('run')} data-testid="evaluation-run">
          {evaluation ? t('evaluation.run.rerun') : t('evaluation.run.button')}
        </Button>
      ) : null}
      {mayPublish ? (
        <Tooltip title={yearOver ? undefined : t('evaluation.publish.notOver', { year })}>
          <Button type="primary" danger icon={<CheckCircleOutlined />} disabled={!yearOver} onClick={() => setOpen('publish')} data-testid="evaluation-publish">
            {t('evaluation.publish.button')}
          </Button>
        </Tooltip>
      ) : null}
      <ConfirmActionModal
        open={open === 'run'}
        title={t('evaluation.run.title', { year })}
        okText={evaluation ? t('evaluation.run.rerun') : t('evaluation.run.button')}
        testId="evaluation-run-dialog"
        action={() => runEvaluation(year)}
        onClose={() => setOpen(null)}
        onDone={(next) => {
          setOpen(null);
          feedback.succeeded(t('evaluation.run.done', { year, units: next.units }));
          onChanged(next);
        }}
      >
        <Flex vertical gap={8}>
          <Alert type="info" showIcon title={t('evaluation.run.note', { year })} />
          {evaluation ? <Alert type="info" showIcon title={t('evaluation.run.rerunNote')} /> : null}
          {yearOver ? null : <Alert type="warning" showIcon title={t('evaluation.run.yearNotOver', { year })} />}
        </Flex>
      </ConfirmActionModal>
      <ConfirmActionModal
        open={open === 'publish'}
        title={t('evaluation.publish.title', { year })}
        okText={t('evaluation.publish.button')}
        danger
        testId="evaluation-publish-dialog"
        action={() => publishEvaluation(year)}
        onClose={() => setOpen(null)}
        onDone={(next) => {
          setOpen(null);
          feedback.succeeded(t('evaluation.publish.done', { year }));
          onChanged(next);
        }}
      >
        <Alert type="warning" showIcon title={t('evaluation.publish.note')} />
      </ConfirmActionModal>
    </>
  );
}
