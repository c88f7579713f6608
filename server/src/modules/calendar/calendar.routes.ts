/** HTTP surface of the working-day calendar. */
import {
  CalendarDaySchema,
  CalendarYearsSchema,
  DateParamsSchema,
  DeadlineQuerySchema,
  DeadlineSchema,
  ImportYearBodySchema,
  SetDayBodySchema,
  SetYearBodySchema,
  YearParamsSchema,
} from '@yunshu/shared/calendar-api';
import { z } from 'zod';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { clearDay, daysOfYear, deadlineAfter, importYear, listYears, setDay, setYearPublished } from './calendar.service.ts';


export const calendarRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calendar/years',
    summary: '工作日历年份 / Calendar years, which are published, and which needed ones are missing',
    tags: ['calendar'],
    access: 'calendar:read',
    response: CalendarYearsSchema,
    handler: (ctx) => listYears(ctx.trx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calendar/years/:year/days',
    summary: '某年节假日与调休 / Holidays and make-up working days of a year',
    tags: ['calendar'],
    access: 'calendar:read',
    params: YearParamsSchema,
    response: z.array(CalendarDaySchema),
    handler: (ctx) => daysOfYear(ctx.trx, ctx.params.year),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/calendar/import',
    summary: '导入年度节假日安排 / Import a year’s arrangement {year, days:[{name, date, isOffDay}]} (replaces it, marks it published)',
    tags: ['calendar'],
    access: 'calendar:manage',
    body: ImportYearBodySchema,
    response: z.object({ year: z.number().int(), imported: z.number().int() }),
    auditAction: 'calendar.import',
    handler: (ctx) => importYear(ctx.trx, signedIn(ctx.actor), ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/calendar/days/:date',
    summary: '设置某日为节假日或调休工作日 / Mark a day as a holiday or a make-up working day',
    tags: ['calendar'],
    access: 'calendar:manage',
    params: DateParamsSchema,
    body: SetDayBodySchema,
    auditAction: 'calendar.day.set',
    handler: (ctx) => setDay(ctx.trx, signedIn(ctx.actor), ctx.params.date, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/calendar/days/:date',
    summary: '恢复为普通日 / Remove an exception (the day follows Monday–Friday again)',
    tags: ['calendar'],
    access: 'calendar:manage',
    params: DateParamsSchema,
    status: 204,
    auditAction: 'calendar.day.clear',
    handler: (ctx) => clearDay(ctx.trx, ctx.params.date, ctx.audit),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/calendar/years/:year',
    summary: '标记年度安排已发布 / Mark a year’s arrangement published (or not)',
    tags: ['calendar'],
    access: 'calendar:manage',
    params: YearParamsSchema,
    body: SetYearBodySchema,
    auditAction: 'calendar.year.set',
    handler: (ctx) => setYearPublished(ctx.trx, signedIn(ctx.actor), ctx.params.year, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calendar/deadline',
    summary: '计算期限 / N working days after a moment (Asia/Shanghai); provisional when a needed year is unpublished',
    tags: ['calendar'],
    access: 'calendar:read',
    query: DeadlineQuerySchema,
    response: DeadlineSchema,
    async handler(ctx) {
      const deadline = await deadlineAfter(ctx.trx, new Date(ctx.query.from), ctx.query.workingDays);
      return { ...deadline, dueAt: deadline.dueAt.toISOString() };
    },
  }),
];
