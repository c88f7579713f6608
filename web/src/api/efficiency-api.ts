import type { MonitoringGapList, ResourceUtilization, UtilizationTrend } from '@yunshu/shared/efficiency-api';
import { api } from './client.ts';

export interface UtilizationRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** A server's daily utilisation (the 30 days up to yesterday by default) and its open monitoring gap. */
export function getResourceUtilization(id: string, range: UtilizationRange = {}): Promise<ResourceUtilization> {
  return api.get<ResourceUtilization>(`/resources/${encodeURIComponent(id)}/utilization`, { ...range });
}

export function getUtilizationTrend(range: UtilizationRange & { unitId?: string | undefined } = {}): Promise<UtilizationTrend> {
  return api.get<UtilizationTrend>('/efficiency/trend', { ...range });
}

export function listMonitoringGaps(state: 'open' | 'all' = 'open'): Promise<MonitoringGapList> {
  return api.get<MonitoringGapList>('/efficiency/monitoring-gaps', { state });
}
