/**
 * How OpenStack failures become `DriverError`s. Transient (a retry with back-off may succeed): no answer
 * (refused, reset, timed out), 5xx except 501, 408, 409 (a busy resource, a task in progress), 429, and a
 * 413 that carries Retry-After (the rate limit of older Nova). Permanent: everything else — 400, 401
 * after a fresh token, 403 (a policy, or "Quota exceeded"), 404 where the resource must exist, 406 (the
 * cloud lacks the microversion), 413 without Retry-After (quota exceeded on older clouds), 501.
 */
import { describeNetworkError } from '../../../platforms/index.ts';
import { DriverError } from '../cloud-driver.ts';

const MESSAGE_LIMIT = 500;

/**
 * The provider's own words from an error body: Nova and Cinder wrap them in one key named for the fault
 * (`badRequest`, `itemNotFound`, `forbidden`, `overLimit`, `conflictingRequest`, `computeFault`, …),
 * Keystone in `error`, Neutron in `NeutronError`; Glance and proxies answer HTML or plain text.
 */
export function providerMessageOf(text: string): string {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object') {
    const found = messageIn(parsed as Record<string, unknown>);
    if (found) return found.slice(0, MESSAGE_LIMIT);
  }
  const plain = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<title>[\s\S]*?<\/title>/i, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.slice(0, MESSAGE_LIMIT);
}

function messageIn(body: Record<string, unknown>): string | null {
  if (typeof body.message === 'string' && body.message) return body.message;
  for (const value of Object.values(body)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      if (typeof inner.message === 'string' && inner.message) return inner.message;
    }
  }
  if (typeof body.title === 'string' && body.title) return body.title;
  return null;
}

export function isQuotaExceeded(status: number, providerMessage: string): boolean {
  return (status === 403 || status === 413) && /quota|exceed/i.test(providerMessage);
}

export function isTransientStatus(status: number, providerMessage: string, retryAfter: string | null): boolean {
  if (status >= 500) return status !== 501;
  if (status === 408 || status === 409 || status === 429) return true;
  if (status === 413) return retryAfter !== null && !isQuotaExceeded(status, providerMessage);
  return false;
}

export interface FailedCall {
  /** e.g. "OpenStack compute". */
  service: string;
  method: string;
  /** The request path without the query string. */
  path: string;
}

export function errorFromResponse(
  call: FailedCall,
  answer: { status: number; text: string; requestId: string | null; retryAfter: string | null },
): DriverError {
  const said = providerMessageOf(answer.text) || `HTTP ${answer.status}`;
  const transient = isTransientStatus(answer.status, said, answer.retryAfter);
  const why = isQuotaExceeded(answer.status, said) ? ', quota exceeded' : '';
  const request = answer.requestId ? ` [${answer.requestId}]` : '';
  return new DriverError({
    message: `${call.service} refused ${call.method} ${call.path} (HTTP ${answer.status}${why}): ${said}${request}`,
    transient,
    providerMessage: said,
    status: answer.status,
  });
}

/** No HTTP answer at all: always transient — the request may or may not have reached the cloud. */
export function errorFromNetwork(call: FailedCall, error: unknown, url: string, timeoutMs: number): DriverError {
  const { en } = describeNetworkError(error, url, timeoutMs, call.service);
  return new DriverError({ message: `${call.method} ${call.path}: ${en}`, transient: true, providerMessage: en, status: null, cause: error });
}
