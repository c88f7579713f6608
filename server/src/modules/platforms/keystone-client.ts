/**
 * The one Keystone v3 client: token requests (password or application credential), the service
 * catalog, revocation. Two callers: the connection test of an OpenStack platform, where every outcome —
 * refused, unreachable, slow, wrong credentials — becomes a result with a Chinese and an English
 * message, never an exception, and the token is revoked straight away; and the OpenStack cloud driver,
 * which keeps the token until it expires. The secret is sent only in the request body and is scrubbed
 * from any text that comes back.
 */
import type { ConnectionSettings } from '@yunshu/shared/catalog-api';

export const KEYSTONE_TIMEOUT_MS = 10_000;
const REVOKE_TIMEOUT_MS = 2_000;

export type PlatformCredentials = { kind: 'password'; password: string } | { kind: 'application_credential'; secret: string };

export interface ProbeResult {
  ok: boolean;
  message: string;
  messageEn: string;
  durationMs: number;
}

/** `https://host:5000` and `https://host:5000/v3/` both give `https://host:5000/v3/auth/tokens`. */
export function keystoneTokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  return `${/\/v3$/.test(base) ? base : `${base}/v3`}/auth/tokens`;
}

export function tokenRequestBody(settings: ConnectionSettings, credentials: PlatformCredentials): unknown {
  if (credentials.kind === 'application_credential') {
    return {
      auth: {
        identity: { methods: ['application_credential'], application_credential: { id: settings.applicationCredentialId, secret: credentials.secret } },
      },
    };
  }
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: settings.username, domain: { name: settings.userDomain ?? 'Default' }, password: credentials.password } },
      },
      scope: { project: { name: settings.projectName, domain: { name: settings.projectDomain ?? 'Default' } } },
    },
  };
}

interface TokenBody {
  token?: {
    expires_at?: string;
    project?: { id?: string; name?: string };
    user?: { id?: string; name?: string };
    roles?: { name?: string }[];
    catalog?: { type?: string; endpoints?: { interface?: string; region?: string | null; region_id?: string | null; url?: string }[] }[];
  };
  error?: { message?: string };
}

export interface CatalogEndpoint {
  interface: string;
  region: string | null;
  url: string;
}

export interface CatalogService {
  type: string;
  endpoints: CatalogEndpoint[];
}

/** A project-scoped Keystone token with what the service catalog and the scope say about it. */
export interface KeystoneToken {
  value: string;
  /** Epoch milliseconds; NaN when Keystone did not say. */
  expiresAt: number;
  projectId: string | null;
  projectName: string | null;
  userId: string | null;
  roles: string[];
  catalog: CatalogService[];
}

/**
 * The outcome of a token request. `network`: no HTTP answer (refused, unresolved, timed out — the
 * error is fetch's). `refused`: Keystone answered, but not with a token; `message` is its own
 * (scrubbed of the secret).
 */
export type TokenOutcome =
  | { ok: true; token: KeystoneToken }
  | { ok: false; failure: 'network'; error: unknown }
  | { ok: false; failure: 'refused'; status: number; message: string };

function scopedToken(value: string, body: TokenBody): KeystoneToken {
  const token = body.token ?? {};
  return {
    value,
    expiresAt: token.expires_at ? Date.parse(token.expires_at) : Number.NaN,
    projectId: token.project?.id ?? null,
    projectName: token.project?.name ?? null,
    userId: token.user?.id ?? null,
    roles: (token.roles ?? []).map((role) => role.name ?? '').filter(Boolean),
    catalog: (token.catalog ?? []).map((service) => ({
      type: service.type ?? '',
      endpoints: (service.endpoints ?? []).map((e) => ({ interface: e.interface ?? 'public', region: e.region_id ?? e.region ?? null, url: e.url ?? '' })),
    })),
  };
}

/** Requests a project-scoped token. Never throws: every failure is an outcome. */
export async function issueToken(
  settings: ConnectionSettings,
  credentials: PlatformCredentials,
  options: { timeoutMs?: number } = {},
): Promise<TokenOutcome> {
  const secret = credentials.kind === 'password' ? credentials.password : credentials.secret;
  let response: Response;
  let text: string;
  try {
    response = await fetch(keystoneTokensUrl(settings.authUrl ?? ''), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(tokenRequestBody(settings, credentials)),
      // A redirect would carry the credentials somewhere nobody configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? KEYSTONE_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    return { ok: false, failure: 'network', error };
  }
  let body: TokenBody = {};
  try {
    body = text ? (JSON.parse(text) as TokenBody) : {};
  } catch {
    body = {};
  }
  const value = response.headers.get('x-subject-token');
  if (response.status !== 201 || !value) {
    return { ok: false, failure: 'refused', status: response.status, message: body.error?.message ? scrub(body.error.message, secret).slice(0, 500) : '' };
  }
  return { ok: true, token: scopedToken(value, body) };
}

/**
 * The URL of a service in the catalog: the first endpoint of the first service of `type` with the
 * wanted interface, in `region` when one is given.
 */
export function catalogEndpoint(catalog: CatalogService[], type: string, where: { interface?: string; region?: string | null } = {}): string | null {
  const wanted = where.interface ?? 'public';
  for (const service of catalog) {
    if (service.type !== type) continue;
    const endpoint = service.endpoints.find((e) => e.interface === wanted && (!where.region || e.region === where.region) && e.url);
    if (endpoint) return endpoint.url;
  }
  return null;
}

function failed(zh: string, en: string, started: number): ProbeResult {
  return { ok: false, message: zh, messageEn: en, durationMs: Math.round(performance.now() - started) };
}

/**
 * Network failures as people read them; `fetch` reports them as a TypeError with a coded cause.
 * `service` names the peer ("Keystone", "OpenStack compute", …).
 */
export function describeNetworkError(error: unknown, url: string, timeoutMs: number, service = 'Keystone'): { zh: string; en: string } {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { zh: `${service}（${url}）在 ${timeoutMs / 1000} 秒内无响应`, en: `${service} (${url}) did not answer within ${timeoutMs / 1000} s` };
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return { zh: `无法连接 ${service}（${url}）：连接被拒绝`, en: `Cannot reach ${service} (${url}): connection refused` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { zh: `无法解析 ${service} 主机名（${url}）`, en: `Cannot resolve the ${service} host name (${url})` };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return { zh: `${service}（${url}）中断了连接`, en: `${service} (${url}) closed the connection` };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { zh: `网络不可达：${url}`, en: `Network unreachable: ${url}` };
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return { zh: `${service}（${url}）的 TLS 证书校验失败（${code}）`, en: `TLS certificate of ${service} (${url}) failed verification (${code})` };
  }
  if (cause?.message === 'bad port') {
    return { zh: `${url} 的端口不允许用于 HTTP 请求`, en: `The port of ${url} is not allowed for HTTP requests` };
  }
  const detail = code || cause?.message || (error as Error | null)?.message || 'unknown error';
  return { zh: `无法连接 ${service}（${url}）：${detail}`, en: `Cannot reach ${service} (${url}): ${detail}` };
}

function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

/** Requests a token from Keystone and reports whether the platform can be reached with these credentials. */
export async function probeKeystone(
  settings: ConnectionSettings,
  credentials: PlatformCredentials,
  options: { timeoutMs?: number } = {},
): Promise<ProbeResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? KEYSTONE_TIMEOUT_MS;
  const authUrl = settings.authUrl;
  if (!authUrl) return failed('未配置 Keystone 认证地址', 'No Keystone URL is configured', started);
  const secret = credentials.kind === 'password' ? credentials.password : credentials.secret;
  const outcome = await issueToken(settings, credentials, { timeoutMs });
  if (!outcome.ok && outcome.failure === 'network') {
    const { zh, en } = describeNetworkError(outcome.error, authUrl, timeoutMs);
    return failed(scrub(zh, secret), scrub(en, secret), started);
  }
  if (!outcome.ok) {
    const said = outcome.message.slice(0, 200);
    if (outcome.status === 401) {
      return failed(
        `Keystone 认证失败（HTTP 401）：用户名、口令或应用凭据不正确${said ? `；${said}` : ''}`,
        `Keystone refused the credentials (HTTP 401)${said ? `: ${said}` : ''}`,
        started,
      );
    }
    if (outcome.status >= 300 && outcome.status < 400) {
      return failed(`Keystone 返回重定向（HTTP ${outcome.status}），请检查认证地址`, `Keystone answered with a redirect (HTTP ${outcome.status}); check the URL`, started);
    }
    return failed(
      `Keystone 返回 HTTP ${outcome.status}${said ? `：${said}` : ''}，请检查认证地址和项目设置`,
      `Keystone answered HTTP ${outcome.status}${said ? `: ${said}` : ''}; check the URL and project settings`,
      started,
    );
  }
  const { token } = outcome;
  await revokeToken(authUrl, token.value);
  const region = settings.region;
  const endpointInterface = settings.interface ?? 'public';
  if (region) {
    const services = token.catalog.filter((service) => service.endpoints.some((e) => e.region === region && e.interface === endpointInterface));
    if (services.length === 0) {
      return failed(
        `认证成功，但服务目录中没有区域“${region}”的 ${endpointInterface} 端点`,
        `Authenticated, but the catalog has no ${endpointInterface} endpoints in region "${region}"`,
        started,
      );
    }
  }
  const project = token.projectName;
  const where = project ? `项目 ${project}，` : '';
  const whereEn = project ? `project ${project}, ` : '';
  return {
    ok: true,
    message: `Keystone 认证成功（${where}服务目录含 ${token.catalog.length} 项服务）`,
    messageEn: `Keystone authentication succeeded (${whereEn}${token.catalog.length} services in the catalog)`,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Revokes a token, best effort: callers revoke tokens they no longer need, and a token expires by itself. */
export async function revokeToken(authUrl: string, token: string, options: { timeoutMs?: number } = {}): Promise<void> {
  try {
    await fetch(keystoneTokensUrl(authUrl), {
      method: 'DELETE',
      headers: { 'x-auth-token': token, 'x-subject-token': token },
      signal: AbortSignal.timeout(options.timeoutMs ?? REVOKE_TIMEOUT_MS),
    });
  } catch {
    // A failed revocation changes nothing the caller can act on.
  }
}
