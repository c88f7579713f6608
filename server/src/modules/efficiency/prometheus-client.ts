/**
 * Prometheus over its HTTP API (`/api/v1/query`, `/api/v1/query_range`) with plain `fetch`. Every
 * failure — unreachable, too slow, a refused query, an answer that is not Prometheus's — becomes one
 * AppError with a Chinese and an English message, so a rollup or a check says why it could not run.
 */
import { AppError } from '../../platform/errors.ts';

export interface InstantSample {
  labels: Record<string, string>;
  /** Seconds since the epoch (Prometheus's own float timestamps). */
  at: number;
  value: number;
}

export interface RangeSeries {
  labels: Record<string, string>;
  points: { at: number; value: number }[];
}

export interface PrometheusClientOptions {
  baseUrl: string;
  timeoutSeconds: number;
  /** Replaceable to count or observe requests; the real `fetch` otherwise. */
  fetch?: typeof fetch;
}

type ApiAnswer =
  | { status: 'success'; data: { resultType: string; result: unknown } }
  | { status: 'error'; errorType?: string; error?: string };

function prometheusError(code: string, status: number, zh: string, en: string, details: Record<string, unknown>): AppError {
  return new AppError({ status, code, zh, en, details });
}

/** Prometheus writes sample values as strings, including "NaN" and "+Inf"; those carry no reading. */
function parseValue(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

const seconds = (at: Date) => (at.getTime() / 1000).toFixed(3);

export class PrometheusClient {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  /** Requests sent so far: what the rollup reports, and what shows that queries do not grow with the fleet. */
  requests = 0;

  constructor(options: PrometheusClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutSeconds * 1000;
    this.#fetch = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** An instant query at `at`: one sample per series of the resulting vector. */
  async instant(query: string, at: Date): Promise<InstantSample[]> {
    const result = await this.#post('/api/v1/query', { query, time: seconds(at) }, 'vector');
    const samples: InstantSample[] = [];
    for (const item of result as { metric: Record<string, string>; value: [number, string] }[]) {
      const value = parseValue(item.value?.[1]);
      if (value !== null) samples.push({ labels: item.metric ?? {}, at: Number(item.value[0]), value });
    }
    return samples;
  }

  /** A range query: the expression evaluated at `start`, `start + step`, … up to `end`. */
  async range(query: string, window: { start: Date; end: Date; stepSeconds: number }): Promise<RangeSeries[]> {
    const result = await this.#post(
      '/api/v1/query_range',
      { query, start: seconds(window.start), end: seconds(window.end), step: String(window.stepSeconds) },
      'matrix',
    );
    return (result as { metric: Record<string, string>; values: [number, string][] }[]).map((item) => ({
      labels: item.metric ?? {},
      points: (item.values ?? []).flatMap(([at, raw]) => {
        const value = parseValue(raw);
        return value === null ? [] : [{ at: Number(at), value }];
      }),
    }));
  }

  /**
   * One query, sent again once when a kept-alive connection turns out to have been closed by the other
   * side (Prometheus restarted since): a query changes nothing, so asking twice is harmless.
   */
  async #send(url: string, form: Record<string, string>): Promise<Response> {
    const send = () =>
      this.#fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    try {
      return await send();
    } catch (error) {
      const code = error instanceof Error && error.cause instanceof Error ? (error.cause as Error & { code?: string }).code : undefined;
      if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET' && code !== 'EPIPE') throw error;
      return send();
    }
  }

  async #post(path: string, form: Record<string, string>, expected: 'vector' | 'matrix'): Promise<unknown[]> {
    const url = `${this.#baseUrl}${path}`;
    const details = { url, query: form.query };
    this.requests++;
    let response: Response;
    try {
      response = await this.#send(url, form);
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw prometheusError(
          'prometheus_timeout',
          504,
          `Prometheus 查询超时（超过 ${this.#timeoutMs / 1000} 秒）`,
          `Prometheus did not answer within ${this.#timeoutMs / 1000} s`,
          details,
        );
      }
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw prometheusError('prometheus_unreachable', 503, `无法连接 Prometheus（${this.#baseUrl}）：${cause}`, `Prometheus at ${this.#baseUrl} cannot be reached: ${cause}`, details);
    }
    let answer: ApiAnswer;
    try {
      answer = (await response.json()) as ApiAnswer;
    } catch {
      throw prometheusError(
        'prometheus_bad_answer',
        502,
        `Prometheus 返回了无法识别的应答（HTTP ${response.status}）`,
        `Prometheus answered HTTP ${response.status} with something that is not its JSON API`,
        details,
      );
    }
    if (answer.status !== 'success') {
      const reason = `${answer.errorType ?? 'error'}: ${answer.error ?? `HTTP ${response.status}`}`;
      throw prometheusError('prometheus_query_failed', 502, `Prometheus 拒绝了查询（${reason}）`, `Prometheus refused the query (${reason})`, { ...details, httpStatus: response.status });
    }
    if (answer.data?.resultType !== expected || !Array.isArray(answer.data.result)) {
      throw prometheusError(
        'prometheus_bad_answer',
        502,
        `Prometheus 应答类型不符：期望 ${expected}，收到 ${answer.data?.resultType}`,
        `Prometheus answered a ${answer.data?.resultType} where a ${expected} was expected`,
        details,
      );
    }
    return answer.data.result;
  }
}
