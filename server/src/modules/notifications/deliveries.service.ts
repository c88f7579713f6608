/**
 * The outbox of notifications: e-mail over SMTP and a signed webhook for 政务协同 systems. `notify`
 * queues rows in the change's transaction; `deliverDue` sends them later, outside any long
 * transaction — claim in one short transaction, send, record the outcome in another — retrying with
 * exponential back-off and giving up after MAX_DELIVERY_ATTEMPTS with the last error kept.
 */
import { createTransport } from 'nodemailer';
import type { Config } from '../../config.ts';
import { SYSTEM_SCOPE } from '../../platform/db/database.ts';
import type { Services } from '../../platform/http/route.ts';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, WEBHOOK_HEADERS, webhookSignature } from './delivery-rules.ts';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  type NewDelivery,
  type Recipient,
  recordDelivered,
  recordFailedAttempt,
} from './notifications.repository.ts';

interface DeliveryChannels {
  email: boolean;
  webhookUrl: string | null;
}

// `notify` runs inside its caller's transaction and receives nothing but that transaction (its
// signature is shared by every module), so which channels to queue is per-process state, set from
// the configuration when the platform opens.
let channels: DeliveryChannels = { email: false, webhookUrl: null };

/** Called by `openPlatform`: queue e-mails when SMTP is configured, webhook events when a webhook is. */
export function configureDeliveryChannels(config: Config): void {
  channels = { email: Boolean(config.notifications.smtpUrl), webhookUrl: config.notifications.webhookUrl ?? null };
}

interface Notified {
  notificationId: string;
  createdAt: Date;
  user: Recipient;
}

/** The deliveries of one notify call: an e-mail per recipient with an address, one webhook event for all. */
export function plannedDeliveries(
  notified: readonly Notified[],
  input: { kind: string; title: { zh: string; en: string }; body: { zh: string; en: string }; link?: string; applicationId?: string; dedupeKey?: string },
): NewDelivery[] {
  if (notified.length === 0) return [];
  const planned: NewDelivery[] = [];
  if (channels.email) {
    for (const { notificationId, user } of notified) {
      if (!user.email) continue;
      planned.push({
        notificationId,
        channel: 'email',
        target: user.email,
        payload: {
          subject: `【云枢】${input.title.zh}`,
          text: [input.body.zh, input.body.en, input.link ? `查看 / View: ${input.link}` : null].filter(Boolean).join('\n\n'),
        },
      });
    }
  }
  if (channels.webhookUrl) {
    planned.push({
      notificationId: null,
      channel: 'webhook',
      target: channels.webhookUrl,
      payload: {
        type: 'notification',
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        applicationId: input.applicationId ?? null,
        dedupeKey: input.dedupeKey ?? null,
        occurredAt: notified[0]!.createdAt.toISOString(),
        recipients: notified.map(({ notificationId, user }) => ({
          userId: user.id,
          username: user.username,
          displayName: user.displayName,
          notificationId,
        })),
      },
    });
  }
  return planned;
}

const BATCH = 50;
const PARALLEL = 5;
/** Long enough for any attempt to finish or time out; a crashed worker's claims return after it. */
const LEASE_MS = 10 * 60_000;
const SEND_TIMEOUT_MS = 15_000;

export interface DeliveryRun {
  delivered: number;
  retrying: number;
  failed: number;
}

type Mailer = ReturnType<typeof createTransport>;

/**
 * Sends every pending delivery due at `now` (several workers may run it at once: each claims
 * different rows). Returns how many were delivered, will be retried, or were given up.
 */
export async function deliverDue(services: Services, now: Date = new Date()): Promise<DeliveryRun> {
  const run: DeliveryRun = { delivered: 0, retrying: 0, failed: 0 };
  const claimed = await services.db.tx(SYSTEM_SCOPE, (trx) => claimDueDeliveries(trx, now, new Date(now.getTime() + LEASE_MS), BATCH));
  if (claimed.length === 0) return run;
  const settings = services.config.notifications;
  let mailer: Mailer | null = null;
  const mailerFor = (): Mailer => {
    if (!settings.smtpUrl) throw new Error('SMTP is not configured (SMTP_URL)');
    mailer ??= createTransport({
      url: settings.smtpUrl,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    return mailer;
  };
  try {
    for (let i = 0; i < claimed.length; i += PARALLEL) {
      await Promise.all(
        claimed.slice(i, i + PARALLEL).map(async (delivery) => {
          const attempts = delivery.attempts + 1;
          let failure: string | null = null;
          try {
            if (delivery.channel === 'email') await sendEmail(mailerFor(), settings.smtpFrom, delivery);
            else await sendWebhook(settings.webhookSecretHex, services.config.version, delivery);
          } catch (error) {
            failure = describeFailure(error);
          }
          await services.db.tx(SYSTEM_SCOPE, async (trx) => {
            if (failure === null) {
              await recordDelivered(trx, delivery.id, attempts, now);
              run.delivered++;
            } else if (attempts >= MAX_DELIVERY_ATTEMPTS) {
              await recordFailedAttempt(trx, delivery.id, attempts, failure, null);
              run.failed++;
            } else {
              await recordFailedAttempt(trx, delivery.id, attempts, failure, new Date(now.getTime() + retryDelayMs(attempts)));
              run.retrying++;
            }
          });
        }),
      );
    }
  } finally {
    (mailer as Mailer | null)?.close();
  }
  return run;
}

async function sendEmail(mailer: Mailer, from: string, delivery: ClaimedDelivery): Promise<void> {
  const payload = delivery.payload as { subject: string; text: string };
  await mailer.sendMail({
    from,
    to: delivery.target,
    subject: payload.subject,
    text: payload.text,
    // The same Message-ID on every attempt lets mail systems drop a duplicate of a retried message.
    messageId: `<${delivery.id}@yunshu>`,
    headers: { 'X-Yunshu-Delivery': delivery.id },
  });
}

async function sendWebhook(secretHex: string | undefined, version: string, delivery: ClaimedDelivery): Promise<void> {
  if (!secretHex) throw new Error('the webhook secret is not configured (WEBHOOK_SECRET)');
  const body = JSON.stringify(delivery.payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(delivery.target, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': `Yunshu/${version}`,
      [WEBHOOK_HEADERS.delivery]: delivery.id,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: webhookSignature(secretHex, timestamp, body),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
}

/** What is kept of a failed attempt: the error and its cause, never a URL (it may carry credentials). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`.slice(0, 500);
}
