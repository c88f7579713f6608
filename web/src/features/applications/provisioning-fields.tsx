import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import type { ResourceKind, ResourceSummary } from '../../api/contract-types.ts';
import { listResources } from '../../api/resources-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { specText } from '../../components/resource-views.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type MessageKey, type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { applicationRules } from './application-rules.ts';
import type { ResizeValues, ServerValues } from './form-controls.tsx';

/** The bounds of ServerRequestSchema and ResizeRequestSchema (shared/src/applications-api.ts). */
const MAX = { vcpus: 128, memoryGiB: 2048, dataDiskGiB: 32768 } as const;

const NO_RESOURCES: readonly ResourceSummary[] = [];

/** The system's resources in use (not reclaimed or being reclaimed), none until a system is chosen. */
function useSystemResources(systemId: string | undefined, kind?: ResourceKind) {
  const load = useCallback(
    () => (systemId ? listResources({ systemId, kind }, 1, MAX_PAGE_SIZE) : Promise.resolve(null)),
    [systemId, kind],
  );
  const { data, loading, error } = useAsync(load);
  const resources = useMemo(() => (data?.items ?? NO_RESOURCES).filter((resource) => resource.desiredState !== 'deleted'), [data]);
  return { resources, loading, error };
}

function resourceLabel(t: Translate, resource: ResourceSummary): string {
  return `${resource.name} · ${t(`resources.kinds.${resource.kind}`)} · ${specText(t, resource.spec)} · ${t(`resources.statuses.${resource.status}`)}`;
}

/** The words of each optional list: its label, the hint under it, its add and remove buttons. */
const ROW_TEXTS = {
  servers: {
    label: 'applications.fields.servers',
    extra: 'applications.form.serversHint',
    add: 'applications.form.addServer',
    remove: 'applications.form.removeServer',
  },
  resizes: {
    label: 'applications.fields.resizes',
    extra: 'applications.form.resizesHint',
    add: 'applications.form.addResize',
    remove: 'applications.form.removeResize',
  },
} as const satisfies Record<string, Record<'label' | 'extra' | 'add' | 'remove', MessageKey>>;

interface RowsProps<R> {
  /** The Form.List's name. */
  name: keyof typeof ROW_TEXTS;
  /** What a row chooses that no other row may (a host name, a server). */
  chosen: (row: R) => string | undefined;
  /** The fields of one row (its Form.Items), by its index in the list, with what the other rows chose. */
  row: (index: number, name: number, taken: ReadonlySet<string>) => ReactNode;
}

/** An optional list of rows, each removable, with an add button under them. */
function OptionalRows<R>({ name, chosen, row }: RowsProps<R>) {
  const t = useT();
  const texts = ROW_TEXTS[name];
  const rows = Form.useWatch<(R | undefined)[] | undefined>(name);
  const takenBy = (index: number) =>
    new Set((rows ?? []).flatMap((other, at) => {
      const value = other && at !== index ? chosen(other) : undefined;
      return value ? [value] : [];
    }));
  return (
    <Form.Item label={t(texts.label)} extra={t(texts.extra)}>
      <Form.List name={name}>
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={0} data-testid={`application-${name}`}>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={12} align="flex-start" wrap>
                {row(index, field.name, takenBy(index))}
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t(texts.remove)} onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <div>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid={`application-${name}-add`}>
                {t(texts.add)}
              </Button>
            </div>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** One whole-number field of a row: vCPU, memory or data disk, within the contract's bound. */
function CountField({ name, field, required = true, testId }: { name: number; field: keyof typeof MAX; required?: boolean; testId: string }) {
  const t = useT();
  const max = MAX[field];
  const rules = applicationRules(t);
  const label = t(`applications.fields.${field}`);
  return (
    <Form.Item name={[name, field]} rules={rules.count(label, max, required)} style={{ width: 160, marginBottom: 12 }}>
      <InputNumber
        min={1}
        max={max}
        precision={0}
        suffix={t(`applications.form.countUnits.${field}`)}
        placeholder={required ? label : t('applications.form.optional')}
        style={{ width: '100%' }}
        data-testid={testId}
      />
    </Form.Item>
  );
}

/**
 * 云主机规划: how the approved vCPU and memory are cut into servers, each with an optional data disk from
 * the block storage. Without it one server takes all the approved compute (resource-plan.ts).
 */
export function ServersField() {
  const t = useT();
  const rules = applicationRules(t);
  return (
    <OptionalRows<ServerValues>
      name="servers"
      chosen={(server) => server.name?.trim()}
      row={(index, name, taken) => (
        <>
          <Form.Item name={[name, 'name']} rules={rules.serverName(taken)} style={{ flex: 1, minWidth: 180, marginBottom: 12 }}>
            <Input maxLength={40} placeholder={t('applications.form.serverNamePlaceholder')} data-testid={`application-server-name-${index}`} />
          </Form.Item>
          <CountField name={name} field="vcpus" testId={`application-server-vcpus-${index}`} />
          <CountField name={name} field="memoryGiB" testId={`application-server-memory-${index}`} />
          <CountField name={name} field="dataDiskGiB" required={false} testId={`application-server-disk-${index}`} />
        </>
      )}
    />
  );
}

/**
 * 调整规格: servers of the chosen system with their new vCPU and memory — growing within an expansion's
 * lines (QP-10), or reshaping within the quota for a change (SJ-13). A chosen server starts from its shape.
 */
export function ResizesField() {
  const t = useT();
  const rules = applicationRules(t);
  const form = Form.useFormInstance();
  const systemId = Form.useWatch<string | undefined>('systemId');
  const rows = Form.useWatch<ResizeValues[] | undefined>('resizes');
  const { resources, loading, error } = useSystemResources(systemId, 'server');
  const byId = useMemo(() => new Map(resources.map((resource) => [resource.id, resource])), [resources]);

  useEffect(() => {
    rows?.forEach((row, index) => {
      const server = row?.resourceId ? byId.get(row.resourceId) : undefined;
      if (server && row.vcpus === undefined && row.memoryGiB === undefined) {
        form.setFieldValue(['resizes', index], { ...row, vcpus: server.spec.vcpus, memoryGiB: server.spec.memoryGiB });
      }
    });
  }, [rows, byId, form]);

  return (
    <>
      {error ? <ApiErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <OptionalRows<ResizeValues>
        name="resizes"
        chosen={(row) => row.resourceId}
        row={(index, name, taken) => (
          <>
            <Form.Item name={[name, 'resourceId']} rules={rules.resizeServer(taken)} style={{ flex: 1, minWidth: 220, marginBottom: 12 }}>
              <Select
                loading={loading}
                disabled={!systemId}
                placeholder={systemId ? t('applications.form.chooseServer') : t('applications.form.chooseSystemFirst')}
                notFoundContent={t('applications.form.noLiveServers')}
                options={resources.map((server) => ({ value: server.id, label: resourceLabel(t, server), disabled: taken.has(server.id) }))}
                data-testid={`application-resize-server-${index}`}
              />
            </Form.Item>
            <CountField name={name} field="vcpus" testId={`application-resize-vcpus-${index}`} />
            <CountField name={name} field="memoryGiB" testId={`application-resize-memory-${index}`} />
          </>
        )}
      />
    </>
  );
}

/** 回收的资源 (QP-11): the system's servers and volumes to delete once approved; a server takes its data disks. */
export function ReclaimResourcesField() {
  const t = useT();
  const systemId = Form.useWatch<string | undefined>('systemId');
  const { resources, loading, error } = useSystemResources(systemId);
  return (
    <>
      {error ? <ApiErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="resourceIds" label={t('applications.fields.reclaimResources')} extra={t('applications.form.reclaimResourcesHint')}>
        <Select
          mode="multiple"
          allowClear
          loading={loading}
          disabled={!systemId}
          placeholder={systemId ? t('applications.form.chooseResources') : t('applications.form.chooseSystemFirst')}
          notFoundContent={t('applications.form.noLiveResources')}
          options={resources.map((resource) => ({ value: resource.id, label: resourceLabel(t, resource) }))}
          data-testid="application-reclaim-resources"
        />
      </Form.Item>
    </>
  );
}
