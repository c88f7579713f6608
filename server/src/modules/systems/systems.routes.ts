/** HTTP surface of information systems, project approvals, quotas and documents. */
import { IdParamsSchema, pageOf } from '@yunshu/shared/api';
import {
  CreateProjectBodySchema,
  CreateSystemBodySchema,
  DocumentSchema,
  InformationSystemSchema,
  ProjectSchema,
  QuotaUsageSchema,
  SystemListQuerySchema,
  UpdateProjectBodySchema,
  UpdateSystemBodySchema,
} from '@yunshu/shared/systems-api';
import { z } from 'zod';
import { defineRoute, signedIn } from '../../platform/http/route.ts';
import { attachProjectDocument, deleteDocument, readDocument } from './documents.service.ts';
import { listSystems, projectIdsOfSystem } from './systems.repository.ts';
import { createProject, createSystem, quotaUsage, requireProject, requireSystem, updateProject, updateSystem } from './systems.service.ts';


export const systemsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/systems',
    summary: '信息系统列表 / Information systems (a user unit sees its own only, QP-19)',
    tags: ['systems'],
    access: 'system:read',
    query: SystemListQuerySchema,
    response: pageOf(InformationSystemSchema),
    handler: (ctx) => listSystems(ctx.trx, ctx.query, ctx.query.page, ctx.query.pageSize),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/systems',
    summary: '登记信息系统 / Register an information system (MLPS ≤ 3, non-classified: QP-5, QP-7)',
    tags: ['systems'],
    access: 'system:manage',
    body: CreateSystemBodySchema,
    response: InformationSystemSchema,
    status: 201,
    auditAction: 'system.create',
    handler: (ctx) => createSystem(ctx.trx, signedIn(ctx.actor), ctx.services.policy, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/systems/:id',
    summary: '信息系统详情 / An information system',
    tags: ['systems'],
    access: 'system:read',
    params: IdParamsSchema,
    response: InformationSystemSchema,
    tenantScoped: true,
    handler: (ctx) => requireSystem(ctx.trx, ctx.params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/systems/:id',
    summary: '修改信息系统 / Edit an information system',
    tags: ['systems'],
    access: 'system:manage',
    params: IdParamsSchema,
    body: UpdateSystemBodySchema,
    response: InformationSystemSchema,
    tenantScoped: true,
    auditAction: 'system.update',
    handler: (ctx) => updateSystem(ctx.trx, ctx.services.policy, ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/systems/:id/projects',
    summary: '系统的立项记录 / Project approvals of a system',
    tags: ['systems'],
    access: 'system:read',
    params: IdParamsSchema,
    response: z.array(ProjectSchema),
    tenantScoped: true,
    async handler(ctx) {
      await requireSystem(ctx.trx, ctx.params.id);
      const ids = await projectIdsOfSystem(ctx.trx, ctx.params.id);
      return Promise.all(ids.map((id) => requireProject(ctx.trx, id)));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/systems/:id/projects',
    summary: '登记立项及配额 / Record a project approval with its quota and basis (QP-8, SJ-11)',
    tags: ['systems'],
    access: 'system:manage',
    params: IdParamsSchema,
    body: CreateProjectBodySchema,
    response: ProjectSchema,
    status: 201,
    tenantScoped: true,
    auditAction: 'project.create',
    handler: (ctx) => createProject(ctx.trx, signedIn(ctx.actor), ctx.services.policy, ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/systems/:id/quota-usage',
    summary: '配额使用 / Quota usage: approved, allocated, pending and the expansion ceiling (QP-10)',
    tags: ['systems'],
    access: 'system:read',
    params: IdParamsSchema,
    response: QuotaUsageSchema,
    tenantScoped: true,
    handler: (ctx) => quotaUsage(ctx.trx, ctx.services.policy, ctx.params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/projects/:id',
    summary: '立项详情 / A project approval with quotas and documents',
    tags: ['systems'],
    access: 'system:read',
    params: IdParamsSchema,
    response: ProjectSchema,
    tenantScoped: true,
    handler: (ctx) => requireProject(ctx.trx, ctx.params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/projects/:id',
    summary: '修改立项或配额 / Edit a project approval or replace its quota',
    tags: ['systems'],
    access: 'system:manage',
    params: IdParamsSchema,
    body: UpdateProjectBodySchema,
    response: ProjectSchema,
    tenantScoped: true,
    auditAction: 'project.update',
    handler: (ctx) => updateProject(ctx.trx, ctx.services.policy, ctx.params.id, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/projects/:id/documents',
    summary: '上传立项材料 / Attach a document (PDF, PNG, JPEG; raw body with its content type; ?filename=)',
    tags: ['systems'],
    access: 'system:manage',
    params: IdParamsSchema,
    query: z.object({ filename: z.string().trim().min(1).max(200) }),
    body: z.instanceof(Buffer, { message: 'file_body_required' }),
    response: DocumentSchema,
    status: 201,
    tenantScoped: true,
    auditAction: 'document.upload',
    handler: (ctx) => attachProjectDocument(ctx.trx, signedIn(ctx.actor), ctx.params.id, ctx.query.filename, ctx.body, ctx.audit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/documents/:id',
    summary: '下载文件 / Download a document',
    tags: ['systems'],
    access: 'system:read',
    params: IdParamsSchema,
    tenantScoped: true,
    raw: true,
    async handler(ctx) {
      const document = await readDocument(ctx.trx, ctx.params.id);
      return ctx.reply
        .header('content-type', document.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.filename)}`)
        .header('x-content-sm3', document.sm3)
        .send(document.content);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/documents/:id',
    summary: '删除文件 / Delete a document',
    tags: ['systems'],
    access: 'system:manage',
    params: IdParamsSchema,
    status: 204,
    tenantScoped: true,
    auditAction: 'document.delete',
    handler: (ctx) => deleteDocument(ctx.trx, ctx.params.id, ctx.audit),
  }),
];

