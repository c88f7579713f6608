import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as catalog from './0002-catalog.ts';
import * as systems from './0003-systems.ts';
import * as calendar from './0004-calendar.ts';
import * as applications from './0005-applications.ts';
import * as provisioning from './0006-provisioning.ts';
import * as billing from './0007-billing.ts';
import * as settlement from './0008-settlement.ts';
import * as security from './0009-security.ts';
import * as ratingAtScale from './0010-rating-at-scale.ts';
import * as evaluation from './0011-evaluation.ts';
import * as securityReminders from './0012-security-reminders.ts';
import * as monitoring from './0013-monitoring.ts';
import * as dataSync from './0014-data-sync.ts';
import * as efficiencyCases from './0015-efficiency-cases.ts';
import * as statementLineKeys from './0016-statement-line-keys.ts';
import * as dataSyncFailureNotice from './0017-data-sync-failure-notice.ts';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-catalog': catalog,
  '0003-systems': systems,
  '0004-calendar': calendar,
  '0005-applications': applications,
  '0006-provisioning': provisioning,
  '0007-billing': billing,
  '0008-settlement': settlement,
  '0009-security': security,
  '0010-rating-at-scale': ratingAtScale,
  '0011-evaluation': evaluation,
  '0012-security-reminders': securityReminders,
  '0013-monitoring': monitoring,
  '0014-data-sync': dataSync,
  '0015-efficiency-cases': efficiencyCases,
  '0016-statement-line-keys': statementLineKeys,
  '0017-data-sync-failure-notice': dataSyncFailureNotice,
};
