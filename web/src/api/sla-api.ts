import { api } from './client.ts';
import type { SlaReport } from './contract-types.ts';

export interface SlaPeriod {
  /** Calendar dates (Asia/Shanghai), `YYYY-MM-DD`; the server defaults to this month up to today. */
  from?: string | undefined;
  to?: string | undefined;
}

export function fetchSlaReport(period: SlaPeriod): Promise<SlaReport> {
  return api.get<SlaReport>('/applications/sla', { ...period });
}
