import type { ApplicationKind, CityCloudReason, SubmitApplicationBody } from '../../api/contract-types.ts';
import { calendarDateOf, dayOfPicked, type PickedDate, shanghaiInstant } from '../../i18n/shanghai-time.ts';
import type { ApplicationFormValues, LineValues, ResizeValues, ServerValues } from './form-controls.tsx';

const text = (value: string | undefined) => (value ?? '').trim();
const dateOf = (value: PickedDate | undefined) => (value ? calendarDateOf(dayOfPicked(value)) : '');

function linesOf(lines: LineValues[] | undefined, withMonths: boolean) {
  return (lines ?? []).map((line) => ({
    itemId: line.itemId ?? '',
    quantity: text(line.quantity),
    ...(withMonths && line.months !== undefined ? { months: line.months } : {}),
  }));
}

/** The servers to create, when the form lists any (absent: one server takes the approved compute). */
function serversOf(servers: ServerValues[] | undefined) {
  const listed = (servers ?? []).map((server) => ({
    name: text(server.name),
    vcpus: server.vcpus ?? 0,
    memoryGiB: server.memoryGiB ?? 0,
    ...(server.dataDiskGiB ? { dataDiskGiB: server.dataDiskGiB } : {}),
  }));
  return listed.length > 0 ? { servers: listed } : {};
}

function resizesOf(resizes: ResizeValues[] | undefined) {
  const listed = (resizes ?? []).map((resize) => ({ resourceId: resize.resourceId ?? '', vcpus: resize.vcpus ?? 0, memoryGiB: resize.memoryGiB ?? 0 }));
  return listed.length > 0 ? { resizes: listed } : {};
}

/**
 * The body of `POST /api/applications` for a kind (SubmitApplicationBodySchema, discriminated by `kind`):
 * only that kind's fields, texts trimmed, dates as Beijing calendar dates or instants with +08:00.
 */
export function bodyOf(kind: ApplicationKind, values: ApplicationFormValues): SubmitApplicationBody {
  const title = text(values.title);
  const systemId = values.systemId ?? '';
  const platformId = values.platformId ?? '';
  switch (kind) {
    case 'resource':
      return { kind, title, systemId, projectId: values.projectId ?? '', platformId, lines: linesOf(values.lines, false), ...serversOf(values.servers) };
    case 'city_cloud':
      return {
        kind,
        title,
        systemId,
        projectId: values.projectId ?? '',
        platformId,
        reason: values.reason as CityCloudReason,
        explanation: text(values.explanation),
        lines: linesOf(values.lines, false),
        ...serversOf(values.servers),
      };
    case 'expansion':
      return {
        kind,
        title,
        systemId,
        platformId,
        basis: text(values.basis),
        lines: linesOf(values.lines, false),
        ...serversOf(values.servers),
        ...resizesOf(values.resizes),
      };
    case 'change':
      return { kind, title, systemId, description: text(values.description), ...resizesOf(values.resizes) };
    case 'reclamation':
      return {
        kind,
        title,
        systemId,
        lines: linesOf(values.lines, false),
        backupConfirmed: values.backupConfirmed === true,
        irreversibleAcknowledged: values.irreversibleAcknowledged === true,
        ...(values.resourceIds && values.resourceIds.length > 0 ? { resourceIds: values.resourceIds } : {}),
      };
    case 'temporary':
      return {
        kind,
        title,
        ...(values.systemId ? { systemId: values.systemId } : {}),
        platformId,
        purpose: text(values.purpose),
        lines: linesOf(values.lines, true),
        ...serversOf(values.servers),
      };
    case 'temporary_extension':
      return { kind, title, relatedApplicationId: values.relatedApplicationId ?? '', months: values.months ?? 0, reason: text(values.reason) };
    case 'migration':
      return { kind, title, systemId, platformId, description: text(values.description) };
    case 'new_project_filing':
      return {
        kind,
        title,
        systemId,
        platformId,
        architecture: values.architecture ?? 'x86',
        lines: linesOf(values.lines, false),
        plannedGoLive: dateOf(values.plannedGoLive),
      };
    case 'provider_plan': {
      const start = values.plannedStart;
      const review = values.expertReview;
      return {
        kind,
        title,
        platformId,
        description: text(values.description),
        plannedStart: start ? shanghaiInstant(dayOfPicked(start), start.hour(), start.minute()) : '',
        major: values.major === true,
        ...(values.major && review
          ? { expertReview: { reviewer: text(review.reviewer), reviewedOn: dateOf(review.reviewedOn), conclusion: text(review.conclusion) } }
          : {}),
      };
    }
  }
}
