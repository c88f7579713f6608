/**
 * Every environment variable Yunshu reads, parsed and validated once at boot.
 * A bad value stops the start with the variable's name and the reason.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = z.coerce.number().int().positive();

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional().describe('postgres://… — a PostgreSQL server; unset: embedded PGlite in DATA_DIR'),
  DATA_DIR: z.string().default(resolve(REPO_ROOT, 'data')),
  HOST: z.string().default('127.0.0.1'),
  PORT: positiveInt.max(65535).default(8080),
  YUNSHU_POLICY: z.string().regex(/^[a-z0-9-]+$/).default('qingpu-2023'),
  YUNSHU_POLICY_DIR: z.string().default(resolve(REPO_ROOT, 'policies')),
  YUNSHU_DEMO: bool.optional().describe('seed the demo district on an empty database; default true on PGlite, false on PostgreSQL'),
  YUNSHU_DEMO_WORKLOAD: bool.default(true).describe('with the demo district, also its work in progress: a system, approved and pending applications, provisioned servers'),
  YUNSHU_AUDIT_KEY: z.string().regex(/^[0-9a-f]{64}$/i, '64 hex characters (256-bit HMAC-SM3 key)').optional(),
  YUNSHU_SECRET_KEY: z.string().regex(/^[0-9a-f]{32}$/i, '32 hex characters (128-bit SM4 key)').optional(),
  LOCKOUT_THRESHOLD: positiveInt.max(100).default(5),
  LOCKOUT_MINUTES: positiveInt.max(24 * 60).default(30),
  SESSION_IDLE_MINUTES: positiveInt.max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: positiveInt.max(7 * 24).default(12),
  COOKIE_SECURE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  WEB_DIST: z.string().default(resolve(REPO_ROOT, 'web/dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), 'smtp://… or smtps://…')
    .optional()
    .describe('mail server for e-mail notifications, e.g. smtp://user:pass@mail.internal:587; unset: no e-mail'),
  SMTP_FROM: z.string().min(3).default('云枢 <noreply@yunshu.local>'),
  WEBHOOK_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'http://… or https://…')
    .optional()
    .describe('政务协同 endpoint receiving every notification event as a signed POST; unset: no webhook'),
  WEBHOOK_SECRET: z.string().regex(/^(?:[0-9a-f]{2}){16,}$/i, 'at least 32 hex characters (HMAC-SM3 key)').optional(),
  YUNSHU_DATASYNC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'http://… or https://…')
    .optional()
    .describe('big-data platform endpoint receiving each month’s projects and usage as a signed POST (QP-15); unset: file export only'),
  YUNSHU_DATASYNC_KEY: z.string().regex(/^(?:[0-9a-f]{2}){16,}$/i, 'at least 32 hex characters (HMAC-SM3 key)').optional(),
  YUNSHU_DATASYNC_TIMEOUT_MS: positiveInt.max(300_000).default(30_000).describe('how long one push may take before it counts as failed'),
  SCHEDULER_ENABLED: bool.default(true),
  SCHEDULER_TICK_SECONDS: positiveInt.max(3600).default(30),
  RECONCILER_ENABLED: bool.default(true).describe('drive cloud platforms towards the desired state in this instance'),
  RECONCILER_CONCURRENCY: positiveInt.max(256).default(8).describe('driver operations in flight at once per instance'),
  RECONCILER_IDLE_MS: positiveInt.max(60_000).default(1000).describe('how often an idle reconciler looks for due work'),
  PROMETHEUS_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'http://… or https://…')
    .optional()
    .describe('Prometheus base URL, e.g. http://127.0.0.1:9090, read for utilisation and the monitoring agent (QP-13); unset: the simulated cloud’s own figures'),
  PROMETHEUS_TIMEOUT_SECONDS: positiveInt.max(600).default(30).describe('longest wait for one Prometheus query'),
  PROMETHEUS_NODE_JOB: z.string().regex(/^[A-Za-z0-9_.:-]+$/).default('yunshu-node').describe('scrape job of the node_exporter agents on servers (docs/monitoring.md)'),
}).superRefine((env, ctx) => {
  if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'required when WEBHOOK_URL is set' });
  }
  if (env.YUNSHU_DATASYNC_URL && !env.YUNSHU_DATASYNC_KEY) {
    ctx.addIssue({ code: 'custom', path: ['YUNSHU_DATASYNC_KEY'], message: 'required when YUNSHU_DATASYNC_URL is set' });
  }
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  policyId: string;
  policyDir: string;
  demo: boolean;
  demoWorkload: boolean;
  auditKeyHex: string | undefined;
  secretKeyHex: string | undefined;
  lockout: { threshold: number; minutes: number };
  session: { idleMinutes: number; absoluteHours: number };
  cookieSecure: boolean;
  trustProxy: boolean;
  webDist: string;
  logLevel: string;
  /** Outbound notifications; the in-app inbox needs no configuration. */
  notifications: {
    smtpUrl: string | undefined;
    smtpFrom: string;
    webhookUrl: string | undefined;
    webhookSecretHex: string | undefined;
  };
  /** The monthly push to the big-data platform (QP-15); without a URL deliveries are file exports only. */
  dataSync: { url: string | undefined; keyHex: string | undefined; timeoutMs: number };
  scheduler: { enabled: boolean; tickSeconds: number };
  reconciler: { enabled: boolean; concurrency: number; idleMs: number };
  /** Where utilisation comes from (docs/monitoring.md); no URL: the simulated cloud (ADR 010). */
  monitoring: { prometheusUrl: string | undefined; timeoutSeconds: number; nodeJob: string };
  version: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    policyId: e.YUNSHU_POLICY,
    policyDir: resolve(e.YUNSHU_POLICY_DIR),
    demo: e.YUNSHU_DEMO ?? !e.DATABASE_URL,
    demoWorkload: e.YUNSHU_DEMO_WORKLOAD,
    auditKeyHex: e.YUNSHU_AUDIT_KEY,
    secretKeyHex: e.YUNSHU_SECRET_KEY,
    lockout: { threshold: e.LOCKOUT_THRESHOLD, minutes: e.LOCKOUT_MINUTES },
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    webDist: resolve(e.WEB_DIST),
    logLevel: e.LOG_LEVEL,
    notifications: { smtpUrl: e.SMTP_URL, smtpFrom: e.SMTP_FROM, webhookUrl: e.WEBHOOK_URL, webhookSecretHex: e.WEBHOOK_SECRET },
    dataSync: { url: e.YUNSHU_DATASYNC_URL, keyHex: e.YUNSHU_DATASYNC_KEY, timeoutMs: e.YUNSHU_DATASYNC_TIMEOUT_MS },
    scheduler: { enabled: e.SCHEDULER_ENABLED, tickSeconds: e.SCHEDULER_TICK_SECONDS },
    reconciler: { enabled: e.RECONCILER_ENABLED, concurrency: e.RECONCILER_CONCURRENCY, idleMs: e.RECONCILER_IDLE_MS },
    monitoring: { prometheusUrl: e.PROMETHEUS_URL?.replace(/\/+$/, ''), timeoutSeconds: e.PROMETHEUS_TIMEOUT_SECONDS, nodeJob: e.PROMETHEUS_NODE_JOB },
    version: '0.1.0',
  };
}
