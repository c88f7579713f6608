/**
 * The HTTP side of the OpenStack driver: a project-scoped Keystone token kept until shortly before it
 * expires, service endpoints from the token's catalog (type + interface + region), and one `call` that
 * sends JSON with a time limit, re-authenticates once on a 401, and turns every failure into a
 * `DriverError`. The driver does not retry transient failures itself: the reconciler does, with back-off.
 */
import type { ConnectionSettings } from '@yunshu/shared/catalog-api';
import { type CatalogService, catalogEndpoint, issueToken, type KeystoneToken, type PlatformCredentials } from '../../../platforms/index.ts';
import { DriverError } from '../cloud-driver.ts';
import { errorFromNetwork, errorFromResponse, type FailedCall } from './openstack-errors.ts';

export type EndpointInterface = NonNullable<ConnectionSettings['interface']>;

interface Scope {
  /** Keystone, with or without the trailing /v3. */
  authUrl: string;
  /** Catalog region; any region when absent. */
  region?: string;
  /** Catalog interface; `public` when absent. */
  interface?: EndpointInterface;
}

/** What a platform's connection settings and its unsealed credentials give the driver. */
export type OpenStackCredentials =
  | (Scope & { username: string; password: string; projectName: string; projectDomain?: string; userDomain?: string })
  | (Scope & { applicationCredentialId: string; applicationCredentialSecret: string });

export interface OpenStackClientOptions {
  /** Time limit of every request, Keystone's included (default 30 s). */
  timeoutMs?: number;
  /** A token is renewed this long before Keystone says it expires (default 5 min, at most half its life). */
  tokenRefreshMarginMs?: number;
  /** The clock, for token expiry. */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** The services the driver uses, with the catalog types each is registered under (first found wins). */
const SERVICES = {
  compute: { label: 'OpenStack compute (Nova)', types: ['compute'] },
  volume: { label: 'OpenStack block storage (Cinder)', types: ['volumev3', 'block-storage', 'volume'] },
  image: { label: 'OpenStack image (Glance)', types: ['image'] },
  network: { label: 'OpenStack network (Neutron)', types: ['network'] },
} as const;
export type ServiceName = keyof typeof SERVICES;

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The versioned root of a service from its catalog URL, as clouds register them: Nova `/v2.1` (with or
 * without the project id; a legacy `/v2` is the same API without microversions, so it is moved to
 * `/v2.1`), Cinder `/v3/{project_id}` (or bare `/v3`, or the unversioned root), Glance and Neutron
 * unversioned roots.
 */
export function serviceRoot(service: ServiceName, catalogUrl: string, projectId: string | null): string {
  const url = trimSlashes(catalogUrl);
  switch (service) {
    case 'compute':
      return url.replace(/\/v2(?=\/|$)/, '/v2.1');
    case 'volume':
      if (/\/v3\/[^/]+$/.test(url)) return url;
      if (/\/v3$/.test(url)) return `${url}/${projectId ?? ''}`;
      return `${url}/v3/${projectId ?? ''}`;
    case 'image':
      return /\/v2$/.test(url) ? url : `${url}/v2`;
    case 'network':
      return /\/v2\.0$/.test(url) ? url : `${url}/v2.0`;
  }
}

function connectionOf(credentials: OpenStackCredentials): { settings: ConnectionSettings; secret: PlatformCredentials } {
  const scope = { authUrl: credentials.authUrl, region: credentials.region, interface: credentials.interface };
  if ('applicationCredentialId' in credentials) {
    return {
      settings: { ...scope, applicationCredentialId: credentials.applicationCredentialId },
      secret: { kind: 'application_credential', secret: credentials.applicationCredentialSecret },
    };
  }
  return {
    settings: {
      ...scope,
      username: credentials.username,
      projectName: credentials.projectName,
      projectDomain: credentials.projectDomain,
      userDomain: credentials.userDomain,
    },
    secret: { kind: 'password', password: credentials.password },
  };
}

/**
 * The driver's credentials from a platform's connection settings and the credentials
 * `openPlatformCredentials` unsealed; a permanent DriverError names what is missing.
 */
export function openstackCredentials(connection: ConnectionSettings, credentials: PlatformCredentials): OpenStackCredentials {
  const missing = (what: string) =>
    new DriverError({ message: `The platform's connection settings lack ${what}`, transient: false, providerMessage: `missing ${what}` });
  if (!connection.authUrl) throw missing('the Keystone URL');
  const scope = { authUrl: connection.authUrl, region: connection.region, interface: connection.interface };
  if (credentials.kind === 'application_credential') {
    if (!connection.applicationCredentialId) throw missing('the application credential id');
    return { ...scope, applicationCredentialId: connection.applicationCredentialId, applicationCredentialSecret: credentials.secret };
  }
  if (!connection.username) throw missing('the user name');
  if (!connection.projectName) throw missing('the project name');
  return {
    ...scope,
    username: connection.username,
    password: credentials.password,
    projectName: connection.projectName,
    projectDomain: connection.projectDomain,
    userDomain: connection.userDomain,
  };
}

export interface CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Error statuses answered to the caller instead of thrown (typically 404). */
  accept?: number[];
}

export interface Answer<T> {
  status: number;
  /** Parsed JSON; undefined for an empty or non-JSON body. */
  body: T | undefined;
}

export class OpenStackClient {
  readonly timeoutMs: number;
  /** How many tokens were issued so far (the first one included). */
  authentications = 0;
  readonly #settings: ConnectionSettings;
  readonly #secret: PlatformCredentials;
  readonly #refreshMarginMs: number;
  readonly #now: () => number;
  #token: KeystoneToken | null = null;
  /** When the cached token is to be renewed (epoch ms). */
  #renewAt = 0;
  #issuing: Promise<KeystoneToken> | null = null;

  constructor(credentials: OpenStackCredentials, options: OpenStackClientOptions = {}) {
    const { settings, secret } = connectionOf(credentials);
    this.#settings = settings;
    this.#secret = secret;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#refreshMarginMs = options.tokenRefreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.#now = options.now ?? Date.now;
  }

  get authUrl(): string {
    return this.#settings.authUrl ?? '';
  }

  /** The token in use, if any (for diagnostics and tests). */
  currentToken(): string | null {
    return this.#token?.value ?? null;
  }

  /** A valid token: the cached one unless it is about to expire; concurrent callers share one request. */
  async token(): Promise<KeystoneToken> {
    const cached = this.#token;
    if (cached && this.#now() < this.#renewAt) return cached;
    this.#issuing ??= this.#issue().finally(() => {
      this.#issuing = null;
    });
    return this.#issuing;
  }

  /** Forgets `value` if it is still the cached token (a concurrent caller may have renewed it already). */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = null;
  }

  async #issue(): Promise<KeystoneToken> {
    const call: FailedCall = { service: 'Keystone', method: 'POST', path: '/v3/auth/tokens' };
    const outcome = await issueToken(this.#settings, this.#secret, { timeoutMs: this.timeoutMs });
    if (!outcome.ok && outcome.failure === 'network') throw errorFromNetwork(call, outcome.error, this.authUrl, this.timeoutMs);
    if (!outcome.ok) {
      const message = outcome.message || (outcome.status === 401 ? 'The credentials were refused' : '');
      const text = message ? JSON.stringify({ error: { message } }) : '';
      throw errorFromResponse(call, { status: outcome.status, text, requestId: null, retryAfter: null });
    }
    this.authentications++;
    this.#token = outcome.token;
    // The margin, but at most half the token's life: a cloud issuing short-lived tokens still gets them used.
    const now = this.#now();
    const life = outcome.token.expiresAt - now;
    this.#renewAt = Number.isNaN(life) ? Number.POSITIVE_INFINITY : outcome.token.expiresAt - Math.min(this.#refreshMarginMs, life / 2);
    return outcome.token;
  }

  /** The project the token is scoped to. */
  async projectId(): Promise<string> {
    const token = await this.token();
    if (!token.projectId) throw new DriverError({ message: 'The Keystone token is not scoped to a project', transient: false });
    return token.projectId;
  }

  /** The versioned root URL of a service, from the catalog of `token`. */
  endpoint(service: ServiceName, token: KeystoneToken): string {
    const where = { interface: this.#settings.interface ?? 'public', region: this.#settings.region };
    const catalog: CatalogService[] = token.catalog;
    for (const type of SERVICES[service].types) {
      const url = catalogEndpoint(catalog, type, where);
      if (url) return serviceRoot(service, url, token.projectId);
    }
    const region = where.region ? ` in region "${where.region}"` : '';
    const message = `The service catalog has no ${where.interface} endpoint for ${SERVICES[service].label}${region}`;
    throw new DriverError({ message, transient: false, providerMessage: message });
  }

  /**
   * One request to a service, `path` relative to its versioned root. A 401 means the token was revoked
   * or expired early: the request is sent once more with a fresh token.
   */
  async call<T>(service: ServiceName, method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const failed: FailedCall = { service: SERVICES[service].label, method, path: path.split('?')[0] ?? path };
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 1; ; attempt++) {
      const token = await this.token();
      const url = `${this.endpoint(service, token)}${path}`;
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method,
          headers: {
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
            'x-auth-token': token.value,
          },
          body: payload,
          // The token must not follow a redirect to a host nobody configured.
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw errorFromNetwork(failed, error, url, this.timeoutMs);
      }
      if (response.status === 401 && attempt === 1) {
        this.invalidate(token.value);
        continue;
      }
      if (response.status >= 300 && !options.accept?.includes(response.status)) {
        throw errorFromResponse(failed, {
          status: response.status,
          text,
          requestId: response.headers.get('x-openstack-request-id') ?? response.headers.get('x-compute-request-id'),
          retryAfter: response.headers.get('retry-after'),
        });
      }
      let body: T | undefined;
      try {
        body = text ? (JSON.parse(text) as T) : undefined;
      } catch {
        body = undefined;
      }
      return { status: response.status, body };
    }
  }
}

/**
 * Every item of a paginated list (`limit` + `marker`), page after page while the service says there is
 * a next one (`{key}_links` with rel "next" in Nova, Cinder and Neutron; `next` in Glance).
 */
export async function listAll<T extends { id: string }>(
  client: OpenStackClient,
  service: ServiceName,
  path: string,
  key: string,
  options: { headers?: Record<string, string>; pageSize?: number } = {},
): Promise<T[]> {
  const items: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  let marker: string | null = null;
  for (;;) {
    const query: string = `${separator}limit=${options.pageSize ?? 500}${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`;
    const { body } = await client.call<Record<string, unknown>>(service, 'GET', `${path}${query}`, { headers: options.headers });
    const page = (body?.[key] ?? []) as T[];
    items.push(...page);
    const links = (body?.[`${key}_links`] ?? []) as { rel?: string }[];
    const more = links.some((link) => link.rel === 'next') || typeof body?.next === 'string';
    const last = page.at(-1);
    if (!more || !last || last.id === marker) return items;
    marker = last.id;
  }
}
