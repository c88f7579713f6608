/** The audit administrator's view of the audit log: search, Excel export, chain verification. */
import { AuditQuerySchema, AuditRecordSchema, AuditVerifySchema, pageOf, type AuditRecord } from '@yunshu/shared/api';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Trx } from '../../platform/db/database.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { containsPattern, prefixPattern } from '../../platform/db/query-helpers.ts';

type AuditQuery = z.infer<typeof AuditQuerySchema>;
const EXPORT_LIMIT = 50_000;

function filtered(trx: Trx, q: AuditQuery) {
  let query = trx.selectFrom('audit_log');
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<=', new Date(q.to));
  if (q.actor) query = query.where('actor_username', '=', q.actor);
  if (q.action) query = query.where('action', 'like', prefixPattern(q.action));
  if (q.result) query = query.where('result', '=', q.result);
  if (q.q) {
    const like = containsPattern(q.q);
    query = query.where((eb) =>
      eb.or([eb('object_id', 'ilike', like), eb('reason', 'ilike', like), eb('unit_name', 'ilike', like), eb('request_id', 'ilike', like), eb('source_ip', 'ilike', like)]),
    );
  }
  return query;
}

async function records(trx: Trx, q: AuditQuery, limit: number, offset: number): Promise<AuditRecord[]> {
  const rows = await filtered(trx, q)
    .select(['seq', 'at', 'actor_id', 'actor_username', 'actor_roles', 'unit_id', 'unit_name', 'source_ip', 'action', 'object_type', 'object_id', 'result', 'reason', 'request_id', 'detail'])
    .orderBy('seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    actorRoles: row.actor_roles,
    unitId: row.unit_id,
    unitName: row.unit_name,
    sourceIp: row.source_ip,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    result: row.result as AuditRecord['result'],
    reason: row.reason,
    requestId: row.request_id,
    detail: row.detail,
  }));
}

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary: '审计日志查询 / Search the audit log',
    tags: ['audit'],
    access: 'audit:read',
    query: AuditQuerySchema,
    response: pageOf(AuditRecordSchema),
    async handler(ctx) {
      const { page, pageSize } = ctx.query;
      const total = await filtered(ctx.trx, ctx.query).select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      return { items: await records(ctx.trx, ctx.query, pageSize, (page - 1) * pageSize), total: Number(total.count), page, pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/export',
    summary: '导出审计日志（Excel） / Export the audit log as an Excel workbook',
    tags: ['audit'],
    access: 'audit:read',
    query: AuditQuerySchema,
    raw: true,
    async handler(ctx) {
      const rows = await records(ctx.trx, ctx.query, EXPORT_LIMIT, 0);
      const workbook = new ExcelJS.Workbook();
      workbook.creator = 'Yunshu 云枢';
      const sheet = workbook.addWorksheet('审计日志');
      sheet.columns = [
        { header: '序号 Seq', key: 'seq', width: 10 },
        { header: '时间（北京时间）', key: 'at', width: 21 },
        { header: '操作人', key: 'actor', width: 16 },
        { header: '角色', key: 'roles', width: 28 },
        { header: '单位', key: 'unit', width: 24 },
        { header: '来源 IP', key: 'ip', width: 16 },
        { header: '操作', key: 'action', width: 22 },
        { header: '对象类型', key: 'objectType', width: 12 },
        { header: '对象', key: 'objectId', width: 38 },
        { header: '结果', key: 'result', width: 8 },
        { header: '原因', key: 'reason', width: 22 },
        { header: '请求编号', key: 'requestId', width: 38 },
        { header: '详情', key: 'detail', width: 60 },
      ];
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      for (const r of rows) {
        sheet.addRow({
          seq: Number(r.seq),
          at: shanghai.format(new Date(r.at)),
          actor: r.actorUsername ?? '',
          roles: r.actorRoles.join(','),
          unit: r.unitName ?? '',
          ip: r.sourceIp ?? '',
          action: r.action,
          objectType: r.objectType ?? '',
          objectId: r.objectId ?? '',
          result: r.result === 'success' ? '成功' : '失败',
          reason: r.reason ?? '',
          requestId: r.requestId ?? '',
          detail: JSON.stringify(r.detail),
        });
      }
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      await ctx.recordAudit({ action: 'audit.export', result: 'success', detail: { rows: rows.length, filters: { ...ctx.query } } });
      const name = encodeURIComponent(`审计日志-${new Date().toISOString().slice(0, 10)}.xlsx`);
      return ctx.reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${name}`)
        .send(buffer);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    summary: '校验审计链 / Verify the HMAC-SM3 chain and report the first tampered record',
    tags: ['audit'],
    access: 'audit:read',
    response: AuditVerifySchema,
    async handler(ctx) {
      const result = await ctx.services.auditLog.verify(ctx.trx);
      await ctx.recordAudit({ action: 'audit.verify', result: result.ok ? 'success' : 'failure', reason: result.reason, detail: { checked: result.checked, firstBrokenSeq: result.firstBrokenSeq } });
      return result;
    },
  }),
];
