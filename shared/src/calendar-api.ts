/** Contract of the working-day calendar (holidays and 调休) and the deadline calculator. */
import { z } from 'zod';

export const CalendarDaySchema = z.object({
  date: z.iso.date(),
  isOffDay: z.boolean().describe('true: a day off (statutory holiday); false: a make-up working day (调休)'),
  name: z.string(),
  source: z.enum(['package', 'import', 'manual']),
  updatedAt: z.string(),
});

export const CalendarYearSchema = z.object({
  year: z.number().int(),
  published: z.boolean(),
  source: z.enum(['package', 'import', 'manual']),
  note: z.string().nullable(),
  holidays: z.number().int(),
  makeupWorkdays: z.number().int(),
  updatedAt: z.string(),
});

export const CalendarYearsSchema = z.object({
  years: z.array(CalendarYearSchema),
  missingYears: z.array(z.number().int()).describe('this year and next, when not published: deadlines reaching them are provisional'),
});

export const YearParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const DateParamsSchema = z.object({ date: z.iso.date() });

export const ImportYearBodySchema = z.object({
  year: z.number().int().min(2000).max(2100),
  days: z.array(z.object({ name: z.string().trim().min(1).max(40), date: z.iso.date(), isOffDay: z.boolean() })).max(366),
});
export const SetDayBodySchema = z.object({ isOffDay: z.boolean(), name: z.string().trim().min(1).max(40) });
export const SetYearBodySchema = z.object({ published: z.boolean(), note: z.string().trim().max(200).optional() });

export const DeadlineQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }),
  workingDays: z.coerce.number().int().min(1).max(250),
});
export const DeadlineSchema = z.object({
  dueDate: z.string().describe('the last working day (Asia/Shanghai)'),
  dueAt: z.string().describe('the instant the deadline passes: the end of the due date in Asia/Shanghai'),
  provisional: z.boolean(),
  unpublishedYears: z.array(z.number().int()),
});
