/**
 * The calendar table: seeded from the `chinese-days` package for every year it covers (without
 * touching years an administrator has imported or edited), editable by the system administrator, and
 * importable a year at a time in the shape public holiday datasets use: {year, days:[{name, date, isOffDay}]}.
 */
import { createRequire } from 'node:module';
import type { Actor } from '../../platform/auth/sessions.ts';
import { type Db, SYSTEM_SCOPE, type Trx } from '../../platform/db/database.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import { addWorkingDays, type CalendarData, type Deadline, shanghaiDate } from './working-days.ts';

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** 'Spring Festival,春节,4' → '春节' */
function chineseName(value: string): string {
  return value.split(',')[1] ?? value;
}

export function packageArrangements(): Map<number, { date: string; name: string; isOffDay: boolean }[]> {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as PackageData;
  const years = new Map<number, { date: string; name: string; isOffDay: boolean }[]>();
  const add = (date: string, name: string, isOffDay: boolean) => {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) years.set(year, []);
    years.get(year)!.push({ date, name: chineseName(name), isOffDay });
  };
  for (const [date, name] of Object.entries(data.holidays)) add(date, name, true);
  for (const [date, name] of Object.entries(data.workdays)) add(date, name, false);
  return years;
}

/** Adds the package's years that the table does not have yet; idempotent, run at every start. */
export async function seedCalendarFromPackage(db: Db): Promise<number[]> {
  const arrangements = packageArrangements();
  return db.tx(SYSTEM_SCOPE, async (trx) => {
    const known = new Set((await trx.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
    const added: number[] = [];
    for (const [year, days] of [...arrangements].sort(([a], [b]) => a - b)) {
      if (known.has(year)) continue;
      await trx.insertInto('calendar_years').values({ year, published: true, source: 'package', note: 'chinese-days' }).execute();
      await trx
        .insertInto('calendar_days')
        .values(days.map((d) => ({ day: d.date, year, is_off_day: d.isOffDay, name: d.name, source: 'package' })))
        .execute();
      added.push(year);
    }
    return added;
  });
}

/** The calendar needed for deadlines starting at `from`: exceptions from that year on, and published years. */
export async function loadCalendar(trx: Trx, from: Date): Promise<CalendarData> {
  const firstYear = Number(shanghaiDate(from).slice(0, 4));
  const [days, years] = await Promise.all([
    trx.selectFrom('calendar_days').select(['day', 'is_off_day']).where('year', '>=', firstYear).execute(),
    trx.selectFrom('calendar_years').select('year').where('published', '=', true).execute(),
  ]);
  return { exceptions: new Map(days.map((d) => [d.day, d.is_off_day])), publishedYears: new Set(years.map((y) => y.year)) };
}

export async function deadlineAfter(trx: Trx, from: Date, workingDays: number): Promise<Deadline> {
  return addWorkingDays(from, workingDays, await loadCalendar(trx, from));
}

export async function listYears(trx: Trx, now = new Date()) {
  const rows = await trx
    .selectFrom('calendar_years as y')
    .leftJoin('calendar_days as d', 'd.year', 'y.year')
    .select(['y.year', 'y.published', 'y.source', 'y.note', 'y.updated_at'])
    .select((eb) => [
      eb.fn.count<string>('d.day').filterWhere('d.is_off_day', '=', true).as('holidays'),
      eb.fn.count<string>('d.day').filterWhere('d.is_off_day', '=', false).as('makeup_days'),
    ])
    .groupBy(['y.year', 'y.published', 'y.source', 'y.note', 'y.updated_at'])
    .orderBy('y.year', 'desc')
    .execute();
  const thisYear = Number(shanghaiDate(now).slice(0, 4));
  const published = new Set(rows.filter((r) => r.published).map((r) => r.year));
  return {
    years: rows.map((r) => ({
      year: r.year,
      published: r.published,
      source: r.source as 'package' | 'import' | 'manual',
      note: r.note,
      holidays: Number(r.holidays),
      makeupWorkdays: Number(r.makeup_days),
      updatedAt: r.updated_at.toISOString(),
    })),
    /** This year and next: deadlines reaching an unpublished one are provisional until it is imported. */
    missingYears: [thisYear, thisYear + 1].filter((year) => !published.has(year)),
  };
}

export async function daysOfYear(trx: Trx, year: number) {
  const rows = await trx.selectFrom('calendar_days').selectAll().where('year', '=', year).orderBy('day').execute();
  return rows.map((r) => ({ date: r.day, isOffDay: r.is_off_day, name: r.name, source: r.source as 'package' | 'import' | 'manual', updatedAt: r.updated_at.toISOString() }));
}

async function ensureYear(trx: Trx, year: number, actor: Actor, source: 'import' | 'manual', published: boolean): Promise<void> {
  const existing = await trx.selectFrom('calendar_years').select('year').where('year', '=', year).executeTakeFirst();
  if (existing) {
    await trx.updateTable('calendar_years').set({ source, updated_by: actor.userId, updated_at: new Date(), ...(published ? { published: true } : {}) }).where('year', '=', year).execute();
  } else {
    await trx.insertInto('calendar_years').values({ year, published, source, updated_by: actor.userId }).execute();
  }
}

/** Replaces a year's arrangement with an imported one and marks the year published. */
export async function importYear(
  trx: Trx,
  actor: Actor,
  input: { year: number; days: { date: string; name: string; isOffDay: boolean }[] },
  audit: AuditTarget,
) {
  const seen = new Set<string>();
  input.days.forEach((day, index) => {
    if (Number(day.date.slice(0, 4)) !== input.year) {
      throw errors.field(`days.${index}.date`, `日期 ${day.date} 不属于 ${input.year} 年`, `${day.date} is not in ${input.year}`);
    }
    if (seen.has(day.date)) throw errors.field(`days.${index}.date`, `日期 ${day.date} 重复`, `${day.date} appears twice`);
    seen.add(day.date);
  });
  await ensureYear(trx, input.year, actor, 'import', true);
  const before = await trx.selectFrom('calendar_days').select((eb) => eb.fn.countAll<string>().as('n')).where('year', '=', input.year).executeTakeFirstOrThrow();
  await trx.deleteFrom('calendar_days').where('year', '=', input.year).execute();
  if (input.days.length > 0) {
    await trx
      .insertInto('calendar_days')
      .values(input.days.map((d) => ({ day: d.date, year: input.year, is_off_day: d.isOffDay, name: d.name, source: 'import', updated_by: actor.userId })))
      .execute();
  }
  Object.assign(audit, { objectType: 'calendar_year', objectId: String(input.year), detail: { replaced: Number(before.n), imported: input.days.length } });
  return { year: input.year, imported: input.days.length };
}

export async function setDay(trx: Trx, actor: Actor, date: string, input: { isOffDay: boolean; name: string }, audit: AuditTarget) {
  const year = Number(date.slice(0, 4));
  await ensureYear(trx, year, actor, 'manual', false);
  const before = await trx.selectFrom('calendar_days').selectAll().where('day', '=', date).executeTakeFirst();
  if (before) {
    await trx.updateTable('calendar_days').set({ is_off_day: input.isOffDay, name: input.name, source: 'manual', updated_by: actor.userId, updated_at: new Date() }).where('day', '=', date).execute();
  } else {
    await trx.insertInto('calendar_days').values({ day: date, year, is_off_day: input.isOffDay, name: input.name, source: 'manual', updated_by: actor.userId }).execute();
  }
  Object.assign(audit, {
    objectType: 'calendar_day',
    objectId: date,
    detail: { before: before ? { isOffDay: before.is_off_day, name: before.name } : null, after: input },
  });
  return { date, ...input, source: 'manual' as const };
}

export async function clearDay(trx: Trx, date: string, audit: AuditTarget): Promise<void> {
  const before = await trx.selectFrom('calendar_days').selectAll().where('day', '=', date).executeTakeFirst();
  if (!before) throw errors.notFound({ zh: '该日期的节假日/调休记录', en: 'Calendar exception' });
  await trx.deleteFrom('calendar_days').where('day', '=', date).execute();
  Object.assign(audit, { objectType: 'calendar_day', objectId: date, detail: { before: { isOffDay: before.is_off_day, name: before.name } } });
}

export async function setYearPublished(trx: Trx, actor: Actor, year: number, input: { published: boolean; note?: string | undefined }, audit: AuditTarget) {
  const existing = await trx.selectFrom('calendar_years').select(['year', 'published']).where('year', '=', year).executeTakeFirst();
  if (!existing) {
    throw new AppError({ status: 404, code: 'not_found', zh: `${year} 年尚无节假日安排，请先导入`, en: `No arrangement for ${year} yet: import it first` });
  }
  await trx
    .updateTable('calendar_years')
    .set({ published: input.published, ...(input.note !== undefined ? { note: input.note } : {}), updated_by: actor.userId, updated_at: new Date() })
    .where('year', '=', year)
    .execute();
  Object.assign(audit, { objectType: 'calendar_year', objectId: String(year), detail: { before: existing.published, after: input.published } });
  return { year, published: input.published };
}
