import type { ErrorBody } from '@yunshu/shared/api';

/** The `error` object of every non-2xx answer of the API. */
export type ApiErrorDetail = ErrorBody['error'];

/** Codes the console gives itself when no error body came back. */
export const NETWORK_ERROR = 'network_error';
export const UNREADABLE_RESPONSE = 'unreadable_response';

/** Thrown by every call of this client for a failed request; carries the server's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: ApiErrorDetail;

  constructor(status: number, detail: ApiErrorDetail) {
    super(detail.messageEn || detail.code);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
  }

  get code(): string {
    return this.detail.code;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The API's largest page (PageQuerySchema); enough for a district's unit registry in one request. */
export const MAX_PAGE_SIZE = 200;

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x` without empty values; an empty string when nothing is left. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

type UnauthenticatedListener = () => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/**
 * Called whenever the server answers 401 to a signed-in request (session gone or expired). The session
 * provider subscribes and sends the browser to the sign-in page, keeping the intended path.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** A file sent as the whole request body with its own content type (documents, workbooks). */
export interface RawUpload {
  content: Blob;
  contentType: string;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  upload?: RawUpload;
  signal?: AbortSignal;
}

/** Wrong credentials at sign-in also answer 401; they are not a lost session. */
const NOT_A_LOST_SESSION = new Set(['invalid_credentials']);

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method: options.method ?? 'GET', credentials: 'same-origin', headers };
  if (options.upload) {
    headers['content-type'] = options.upload.contentType;
    init.body = options.upload.content;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(`/api${path}${toQueryString(options.query)}`, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { code: NETWORK_ERROR, message: '', messageEn: '', requestId: '' });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }

  if (!response.ok) {
    const detail: ApiErrorDetail = isErrorBody(payload)
      ? payload.error
      : { code: UNREADABLE_RESPONSE, message: '', messageEn: '', requestId: response.headers.get('x-request-id') ?? '' };
    const error = new ApiError(response.status, detail);
    if (response.status === 401 && !NOT_A_LOST_SESSION.has(detail.code)) {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw error;
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>(path, { method: 'GET', ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
  /** POSTs a file as the raw body (no multipart): the server reads its content type and `query` (e.g. filename). */
  upload: <T>(path: string, upload: RawUpload, query?: Query) =>
    request<T>(path, { method: 'POST', upload, ...(query ? { query } : {}) }),
};

/** The address of an API download (e.g. the audit export) with the given filters. */
export function apiUrl(path: string, query?: Query): string {
  return `/api${path}${toQueryString(query)}`;
}
