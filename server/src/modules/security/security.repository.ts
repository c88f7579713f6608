/**
 * SQL of the security record. Row-level security narrows every query to the caller's unit (QP-19);
 * rates and due dates are computed here, in SQL, so lists, filters and exports agree.
 */
import type {
  Assessment,
  CommitmentLetter,
  Incident,
  MlpsStatus,
  Vulnerability,
  VulnerabilityStats,
} from '@yunshu/shared/security-api';
import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../../platform/db/database.ts';
import { fetchPage } from '../../platform/db/query-helpers.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';

type UnitRef = MlpsStatus['unit'];
const unitRef = (id: string, name: string, type: string): UnitRef => ({ id, name, type: type as UnitRef['type'] });

// --- MLPS status and re-assessment ---------------------------------------------------------------------

/** The profile's re-assessment interval of the system's level, in months (null: none required). */
function intervalMonths(profile: PolicyProfile): RawBuilder<number | null> {
  const intervals = Object.entries(profile.parameters['security.reassessmentMonths'].value);
  const whens = intervals.map(([level, months]) => sql`WHEN ${Number(level)} THEN ${months}::int`);
  return sql<number | null>`(CASE s.mlps_level ${sql.join(whens, sql` `)} END)`;
}

/**
 * Every system's MLPS state with its re-assessment due date: the latest assessment (else the filing,
 * else the grading) plus the interval of its level (QP-22 运行期间…等级保护复测, SJ-18); overdue once
 * the due date is before `today`.
 */
function reassessmentDue(profile: PolicyProfile) {
  return sql<string | null>`(coalesce(la.assessed_on, ss.filed_on, ss.graded_on) + make_interval(months => ${intervalMonths(profile)}))::date`;
}
function reassessmentOverdue(profile: PolicyProfile, today: string) {
  return sql<boolean>`coalesce(${reassessmentDue(profile)} < ${today}::date, false)`;
}

function mlpsStatusQuery(trx: Trx, profile: PolicyProfile, today: string) {
  return trx
    .selectFrom('information_systems as s')
    .innerJoin('units as n', 'n.id', 's.unit_id')
    .leftJoin('system_security as ss', 'ss.system_id', 's.id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('mlps_assessments as a')
          .select(['a.assessed_on', 'a.result'])
          .whereRef('a.system_id', '=', 's.id')
          .orderBy('a.assessed_on', 'desc')
          .orderBy('a.created_at', 'desc')
          .limit(1)
          .as('la'),
      (join) => join.onTrue(),
    )
    .select([
      's.id as system_id',
      's.name as system_name',
      's.unit_id',
      'n.name as unit_name',
      'n.type as unit_type',
      's.mlps_level',
      's.mlps_filing_number',
      'ss.graded_on',
      'ss.filed_on',
      'ss.filing_authority',
      'ss.live_at',
      'la.assessed_on as last_assessed_on',
      'la.result as last_result',
    ])
    .select(sql<string>`(SELECT count(*) FROM rectification_items r WHERE r.system_id = s.id AND r.status <> 'done')`.as('open_rectifications'))
    .select(intervalMonths(profile).as('interval_months'))
    .select(
      sql<string | null>`CASE WHEN la.assessed_on IS NOT NULL THEN 'assessment' WHEN ss.filed_on IS NOT NULL THEN 'filing' WHEN ss.graded_on IS NOT NULL THEN 'grading' END`.as('basis'),
    )
    .select(reassessmentDue(profile).as('due_on'))
    .select(reassessmentOverdue(profile, today).as('overdue'));
}
type MlpsRow = Awaited<ReturnType<ReturnType<typeof mlpsStatusQuery>['executeTakeFirstOrThrow']>>;

function presentMlps(profile: PolicyProfile) {
  const article = profile.parameters['security.reassessmentMonths'].article;
  return (row: MlpsRow): MlpsStatus => ({
    systemId: row.system_id,
    systemName: row.system_name,
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    mlpsLevel: row.mlps_level,
    gradedOn: row.graded_on,
    filingNumber: row.mlps_filing_number,
    filedOn: row.filed_on,
    filingAuthority: row.filing_authority,
    lastAssessedOn: row.last_assessed_on,
    lastResult: row.last_result,
    openRectifications: Number(row.open_rectifications),
    reassessment: {
      intervalMonths: row.interval_months,
      article,
      basis: row.basis as MlpsStatus['reassessment']['basis'],
      dueOn: row.due_on,
      overdue: row.overdue,
    },
    liveAt: row.live_at?.toISOString() ?? null,
  });
}

export async function findMlpsStatus(trx: Trx, profile: PolicyProfile, systemId: string, today: string): Promise<MlpsStatus | null> {
  const row = await mlpsStatusQuery(trx, profile, today).where('s.id', '=', systemId).executeTakeFirst();
  return row ? presentMlps(profile)(row) : null;
}

export async function listMlpsStatus(
  trx: Trx,
  profile: PolicyProfile,
  today: string,
  filter: { unitId?: string | undefined; overdue?: boolean | undefined },
  page: number,
  pageSize: number,
) {
  let query = mlpsStatusQuery(trx, profile, today);
  if (filter.unitId) query = query.where('s.unit_id', '=', filter.unitId);
  if (filter.overdue !== undefined) {
    const overdue = reassessmentOverdue(profile, today);
    query = query.where(filter.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
  }
  return fetchPage(trx, query, query.orderBy('n.name').orderBy('s.name'), page, pageSize, presentMlps(profile));
}

/** Every system whose re-assessment falls due on or before `horizon`; a system without a due date never does. */
export async function reassessmentsDueBy(trx: Trx, profile: PolicyProfile, today: string, horizon: string): Promise<MlpsStatus[]> {
  const rows = await mlpsStatusQuery(trx, profile, today)
    .where(sql<boolean>`${reassessmentDue(profile)} <= ${horizon}::date`)
    // A system not live yet is assessed at its go-live gate (SJ-18, QP-22), not reminded of re-assessments.
    .where('ss.live_at', 'is not', null)
    .orderBy('s.id')
    .execute();
  return rows.map(presentMlps(profile));
}

/** The reminders already sent to these systems, as `system|due date|stage` keys. */
export async function sentReminderKeys(trx: Trx, systemIds: readonly string[]): Promise<Set<string>> {
  if (systemIds.length === 0) return new Set();
  const rows = await trx.selectFrom('reassessment_reminders').select(['system_id', 'due_on', 'stage']).where('system_id', 'in', [...systemIds]).execute();
  return new Set(rows.map((row) => `${row.system_id}|${row.due_on}|${row.stage}`));
}

/**
 * Claims the reminder of one stage of one due date: true for the one caller whose insert went in, false
 * when it was sent already (a concurrent claim waits on the key and then finds it taken).
 */
export async function claimReassessmentReminder(trx: Trx, reminder: { systemId: string; unitId: string; dueOn: string; stage: 'due_soon' | 'overdue'; at: Date }): Promise<boolean> {
  const inserted = await trx
    .insertInto('reassessment_reminders')
    .values({ system_id: reminder.systemId, unit_id: reminder.unitId, due_on: reminder.dueOn, stage: reminder.stage, sent_at: reminder.at })
    .onConflict((oc) => oc.doNothing())
    .returning('system_id')
    .execute();
  return inserted.length === 1;
}

export async function recordReminderRecipients(trx: Trx, key: { systemId: string; dueOn: string; stage: 'due_soon' | 'overdue' }, recipients: number): Promise<void> {
  await trx
    .updateTable('reassessment_reminders')
    .set({ recipients })
    .where('system_id', '=', key.systemId)
    .where('due_on', '=', key.dueOn)
    .where('stage', '=', key.stage)
    .execute();
}

// --- assessments ---------------------------------------------------------------------------------------

export async function listAssessments(trx: Trx, systemId: string, limit?: number): Promise<Assessment[]> {
  let query = trx.selectFrom('mlps_assessments').selectAll().where('system_id', '=', systemId).orderBy('assessed_on', 'desc').orderBy('created_at', 'desc');
  if (limit) query = query.limit(limit);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const items = await trx
    .selectFrom('rectification_items')
    .selectAll()
    .where(
      'assessment_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    systemId: row.system_id,
    assessedOn: row.assessed_on,
    assessor: row.assessor,
    level: row.level,
    result: row.result,
    score: row.score,
    findings: row.findings,
    rectifications: items
      .filter((item) => item.assessment_id === row.id)
      .map((item) => ({ id: item.id, assessmentId: item.assessment_id, description: item.description, status: item.status, dueOn: item.due_on, doneOn: item.done_on, note: item.note })),
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  }));
}

// --- vulnerabilities ----------------------------------------------------------------------------------

function vulnerabilityQuery(trx: Trx, today: string) {
  return trx
    .selectFrom('vulnerabilities as v')
    .innerJoin('information_systems as s', 's.id', 'v.system_id')
    .innerJoin('units as n', 'n.id', 'v.unit_id')
    .selectAll('v')
    .select(['s.name as system_name', 'n.name as unit_name', 'n.type as unit_type'])
    .select(sql<boolean>`v.fixed_on IS NULL AND v.deadline_on < ${today}::date`.as('overdue'));
}

function presentVulnerability(row: Awaited<ReturnType<ReturnType<typeof vulnerabilityQuery>['executeTakeFirstOrThrow']>>): Vulnerability {
  return {
    id: row.id,
    systemId: row.system_id,
    systemName: row.system_name,
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    title: row.title,
    description: row.description,
    foundOn: row.found_on,
    source: row.source,
    severity: row.severity,
    deadlineOn: row.deadline_on,
    fixedOn: row.fixed_on,
    fixNote: row.fix_note,
    verifiedOn: row.verified_on,
    verifiedBy: row.verified_by_name,
    assessmentId: row.assessment_id,
    overdue: row.overdue,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findVulnerability(trx: Trx, id: string, today: string): Promise<Vulnerability | null> {
  const row = await vulnerabilityQuery(trx, today).where('v.id', '=', id).executeTakeFirst();
  return row ? presentVulnerability(row) : null;
}

export async function listVulnerabilities(trx: Trx, systemId: string, today: string): Promise<Vulnerability[]> {
  const rows = await vulnerabilityQuery(trx, today).where('v.system_id', '=', systemId).orderBy('v.found_on', 'desc').orderBy('v.created_at', 'desc').execute();
  return rows.map(presentVulnerability);
}

interface StatsRow {
  unit_id: string;
  unit_name: string;
  unit_type: string;
  system_id: string | null;
  system_name: string | null;
  found: number;
  fixed: number;
  verified: number;
  due: number;
  fixed_on_time: number;
  open_overdue: number;
  fix_rate: string | null;
  on_time_rate: string | null;
}

/**
 * 安全漏洞修复率和及时率 (QP-24) per unit and per system, judged at `asOf` over the vulnerabilities
 * found in [from, to]: fix rate = fixed / found; on-time rate = fixed by the deadline / those that can
 * be judged (fixed, or open past the deadline) — one still open within its deadline counts for neither.
 */
export async function vulnerabilityStats(
  trx: Trx,
  filter: { from?: string | undefined; to?: string | undefined; asOf: string; unitId?: string | undefined; systemId?: string | undefined },
): Promise<Pick<VulnerabilityStats, 'units' | 'systems'>> {
  const asOf = sql`${filter.asOf}::date`;
  const conditions = [sql`v.found_on <= ${asOf}`];
  if (filter.from) conditions.push(sql`v.found_on >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`v.found_on <= ${filter.to}::date`);
  if (filter.unitId) conditions.push(sql`v.unit_id = ${filter.unitId}::uuid`);
  if (filter.systemId) conditions.push(sql`v.system_id = ${filter.systemId}::uuid`);
  const fixed = sql`v.fixed_on <= ${asOf}`;
  const result = await sql<StatsRow>`
    SELECT c.*,
      round(c.fixed::numeric / nullif(c.found, 0), 4)::text AS fix_rate,
      round(c.fixed_on_time::numeric / nullif(c.due, 0), 4)::text AS on_time_rate
    FROM (
      SELECT v.unit_id, n.name AS unit_name, n.type AS unit_type, v.system_id, s.name AS system_name,
        count(*)::int AS found,
        (count(*) FILTER (WHERE ${fixed}))::int AS fixed,
        (count(*) FILTER (WHERE v.verified_on <= ${asOf}))::int AS verified,
        (count(*) FILTER (WHERE ${fixed} OR v.deadline_on < ${asOf}))::int AS due,
        (count(*) FILTER (WHERE ${fixed} AND v.fixed_on <= v.deadline_on))::int AS fixed_on_time,
        (count(*) FILTER (WHERE NOT coalesce(${fixed}, false) AND v.deadline_on < ${asOf}))::int AS open_overdue
      FROM vulnerabilities v
      JOIN units n ON n.id = v.unit_id
      JOIN information_systems s ON s.id = v.system_id
      WHERE ${sql.join(conditions, sql` AND `)}
      GROUP BY GROUPING SETS ((v.unit_id, n.name, n.type), (v.unit_id, n.name, n.type, v.system_id, s.name))
    ) c
    ORDER BY c.unit_name, c.system_id NULLS FIRST, c.system_name
  `.execute(trx);
  const present = (row: StatsRow) => ({
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    systemId: row.system_id,
    systemName: row.system_name,
    found: row.found,
    fixed: row.fixed,
    verified: row.verified,
    due: row.due,
    fixedOnTime: row.fixed_on_time,
    openOverdue: row.open_overdue,
    fixRate: row.fix_rate,
    onTimeRate: row.on_time_rate,
  });
  return {
    units: result.rows.filter((row) => row.system_id === null).map(present),
    systems: result.rows.filter((row) => row.system_id !== null).map(present),
  };
}

// --- incidents and notices -----------------------------------------------------------------------------

function incidentQuery(trx: Trx) {
  return trx
    .selectFrom('security_incidents as i')
    .innerJoin('information_systems as s', 's.id', 'i.system_id')
    .innerJoin('units as n', 'n.id', 'i.unit_id')
    .selectAll('i')
    .select(['s.name as system_name', 'n.name as unit_name', 'n.type as unit_type']);
}

function presentIncident(row: Awaited<ReturnType<ReturnType<typeof incidentQuery>['executeTakeFirstOrThrow']>>): Incident {
  return {
    id: row.id,
    systemId: row.system_id,
    systemName: row.system_name,
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    kind: row.kind,
    occurredOn: row.occurred_on,
    level: row.level,
    title: row.title,
    description: row.description,
    issuedBy: row.issued_by,
    handling: row.handling,
    closedOn: row.closed_on,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findIncident(trx: Trx, id: string): Promise<Incident | null> {
  const row = await incidentQuery(trx).where('i.id', '=', id).executeTakeFirst();
  return row ? presentIncident(row) : null;
}

export async function listIncidents(trx: Trx, systemId: string): Promise<Incident[]> {
  const rows = await incidentQuery(trx).where('i.system_id', '=', systemId).orderBy('i.occurred_on', 'desc').orderBy('i.created_at', 'desc').execute();
  return rows.map(presentIncident);
}

export async function incidentCounts(trx: Trx, systemId: string): Promise<{ openIncidents: number; notices: number }> {
  const row = await trx
    .selectFrom('security_incidents')
    .select([
      sql<string>`count(*) FILTER (WHERE closed_on IS NULL)`.as('open'),
      sql<string>`count(*) FILTER (WHERE kind = 'notice')`.as('notices'),
    ])
    .where('system_id', '=', systemId)
    .executeTakeFirstOrThrow();
  return { openIncidents: Number(row.open), notices: Number(row.notices) };
}

// --- drills and training -------------------------------------------------------------------------------

export async function listActivities(
  trx: Trx,
  filter: { id?: string; unitId?: string | undefined; kind?: string | undefined; from?: string | undefined; to?: string | undefined },
  page: number,
  pageSize: number,
) {
  let query = trx
    .selectFrom('security_activities as a')
    .innerJoin('units as n', 'n.id', 'a.unit_id')
    .leftJoin('information_systems as s', 's.id', 'a.system_id')
    .selectAll('a')
    .select(['n.name as unit_name', 'n.type as unit_type', 's.name as system_name']);
  if (filter.id) query = query.where('a.id', '=', filter.id);
  if (filter.unitId) query = query.where('a.unit_id', '=', filter.unitId);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind as 'drill' | 'training');
  if (filter.from) query = query.where('a.held_on', '>=', filter.from);
  if (filter.to) query = query.where('a.held_on', '<=', filter.to);
  return fetchPage(trx, query, query.orderBy('a.held_on', 'desc').orderBy('a.created_at', 'desc'), page, pageSize, (row) => ({
    id: row.id,
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    systemId: row.system_id,
    systemName: row.system_name,
    kind: row.kind,
    heldOn: row.held_on,
    title: row.title,
    content: row.content,
    participants: row.participants,
    summary: row.summary,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  }));
}

// --- SM2 signing keys and commitment letters ---------------------------------------------------------

export function signingKeyQuery(trx: Trx) {
  return trx
    .selectFrom('signing_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .innerJoin('units as n', 'n.id', 'k.unit_id')
    .selectAll('k')
    .select(['u.display_name as user_name', 'n.name as unit_name', 'n.type as unit_type']);
}

export function presentSigningKey(row: Awaited<ReturnType<ReturnType<typeof signingKeyQuery>['executeTakeFirstOrThrow']>>) {
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    publicKey: row.public_key,
    fingerprint: row.fingerprint,
    registeredAt: row.registered_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** The letter row with what its view needs; documents are filled in by the service. */
export async function findLetterRow(trx: Trx, systemId: string) {
  return trx
    .selectFrom('commitment_letters as l')
    .innerJoin('units as n', 'n.id', 'l.unit_id')
    .leftJoin('signing_keys as k', 'k.id', 'l.signing_key_id')
    .selectAll('l')
    .select(['n.name as unit_name', 'n.type as unit_type', 'k.public_key', 'k.fingerprint'])
    .where('l.system_id', '=', systemId)
    .executeTakeFirst();
}
export type LetterRow = NonNullable<Awaited<ReturnType<typeof findLetterRow>>>;

export function presentLetter(row: LetterRow, documents: { letter: CommitmentLetter['document']; scan: CommitmentLetter['scan'] }): CommitmentLetter {
  return {
    id: row.id,
    systemId: row.system_id,
    unit: unitRef(row.unit_id, row.unit_name, row.unit_type),
    document: documents.letter,
    digest: row.digest,
    generatedAt: row.generated_at.toISOString(),
    generatedBy: row.generated_by_name,
    scan: documents.scan,
    signature:
      row.signature && row.signed_at && row.signing_key_id
        ? {
            value: row.signature,
            signer: row.signer_name ?? '',
            keyId: row.signing_key_id,
            keyFingerprint: row.fingerprint ?? '',
            signedAt: row.signed_at.toISOString(),
            verifiedWith: row.verified_with,
          }
        : null,
  };
}
