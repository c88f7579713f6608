/**
 * The connection test of an OpenStack platform: a real Keystone v3 token request (password or
 * application credential) with a time limit. Every outcome — refused, unreachable, slow, wrong
 * credentials — becomes a result with a Chinese and an English message, never an exception. The secret
 * is sent only in the request body and is scrubbed from any text that comes back; the token obtained is
 * revoked straight away.
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
    project?: { name?: string };
    catalog?: { type?: string; endpoints?: { interface?: string; region?: string; region_id?: string }[] }[];
  };
  error?: { message?: string };
}

function failed(zh: string, en: string, started: number): ProbeResult {
  return { ok: false, message: zh, messageEn: en, durationMs: Math.round(performance.now() - started) };
}

/** Network failures as people read them; `fetch` reports them as a TypeError with a coded cause. */
function describeNetworkError(error: unknown, authUrl: string, timeoutMs: number): { zh: string; en: string } {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { zh: `Keystone（${authUrl}）在 ${timeoutMs / 1000} 秒内无响应`, en: `Keystone (${authUrl}) did not answer within ${timeoutMs / 1000} s` };
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return { zh: `无法连接 Keystone（${authUrl}）：连接被拒绝`, en: `Cannot reach Keystone (${authUrl}): connection refused` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { zh: `无法解析 Keystone 主机名（${authUrl}）`, en: `Cannot resolve the Keystone host name (${authUrl})` };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return { zh: `Keystone（${authUrl}）中断了连接`, en: `Keystone (${authUrl}) closed the connection` };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { zh: `网络不可达：${authUrl}`, en: `Network unreachable: ${authUrl}` };
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return { zh: `Keystone（${authUrl}）的 TLS 证书校验失败（${code}）`, en: `TLS certificate of Keystone (${authUrl}) failed verification (${code})` };
  }
  if (cause?.message === 'bad port') {
    return { zh: `${authUrl} 的端口不允许用于 HTTP 请求`, en: `The port of ${authUrl} is not allowed for HTTP requests` };
  }
  const detail = code || cause?.message || (error as Error | null)?.message || 'unknown error';
  return { zh: `无法连接 Keystone（${authUrl}）：${detail}`, en: `Cannot reach Keystone (${authUrl}): ${detail}` };
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
  const url = keystoneTokensUrl(authUrl);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(tokenRequestBody(settings, credentials)),
      // A redirect would carry the credentials somewhere nobody configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const { zh, en } = describeNetworkError(error, authUrl, timeoutMs);
    return failed(scrub(zh, secret), scrub(en, secret), started);
  }
  let body: TokenBody = {};
  try {
    body = text ? (JSON.parse(text) as TokenBody) : {};
  } catch {
    body = {};
  }
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token) {
    const said = body.error?.message ? scrub(body.error.message, secret).slice(0, 200) : '';
    if (response.status === 401) {
      return failed(
        `Keystone 认证失败（HTTP 401）：用户名、口令或应用凭据不正确${said ? `；${said}` : ''}`,
        `Keystone refused the credentials (HTTP 401)${said ? `: ${said}` : ''}`,
        started,
      );
    }
    if (response.status >= 300 && response.status < 400) {
      return failed(`Keystone 返回重定向（HTTP ${response.status}），请检查认证地址`, `Keystone answered with a redirect (HTTP ${response.status}); check the URL`, started);
    }
    return failed(
      `Keystone 返回 HTTP ${response.status}${said ? `：${said}` : ''}，请检查认证地址和项目设置`,
      `Keystone answered HTTP ${response.status}${said ? `: ${said}` : ''}; check the URL and project settings`,
      started,
    );
  }
  await revoke(url, token);
  const catalog = body.token?.catalog ?? [];
  const region = settings.region;
  const endpointInterface = settings.interface ?? 'public';
  if (region) {
    const services = catalog.filter((service) =>
      (service.endpoints ?? []).some((e) => (e.region_id ?? e.region) === region && (e.interface ?? 'public') === endpointInterface),
    );
    if (services.length === 0) {
      return failed(
        `认证成功，但服务目录中没有区域“${region}”的 ${endpointInterface} 端点`,
        `Authenticated, but the catalog has no ${endpointInterface} endpoints in region "${region}"`,
        started,
      );
    }
  }
  const project = body.token?.project?.name;
  const where = project ? `项目 ${project}，` : '';
  const whereEn = project ? `project ${project}, ` : '';
  return {
    ok: true,
    message: `Keystone 认证成功（${where}服务目录含 ${catalog.length} 项服务）`,
    messageEn: `Keystone authentication succeeded (${whereEn}${catalog.length} services in the catalog)`,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Best effort: the test needs no token afterwards, so none is left valid. */
async function revoke(url: string, token: string): Promise<void> {
  try {
    await fetch(url, { method: 'DELETE', headers: { 'x-auth-token': token, 'x-subject-token': token }, signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS) });
  } catch {
    // The token expires by itself; a failed revocation does not change the test's outcome.
  }
}
