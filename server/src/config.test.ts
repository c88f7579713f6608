import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('notifications and the scheduler have safe defaults: no e-mail, no webhook, scheduler on', () => {
  const config = loadConfig({});
  assert.deepEqual(config.notifications, { smtpUrl: undefined, smtpFrom: '云枢 <noreply@yunshu.local>', webhookUrl: undefined, webhookSecretHex: undefined });
  assert.deepEqual(config.scheduler, { enabled: true, tickSeconds: 30 });
  assert.equal(loadConfig({ SCHEDULER_ENABLED: 'false' }).scheduler.enabled, false);
});

test('a webhook needs its secret, and a refused setting never echoes a password', () => {
  assert.throws(() => loadConfig({ WEBHOOK_URL: 'https://xt.example.gov.cn/hook' }), (error: Error) => error instanceof ConfigError && /WEBHOOK_SECRET/.test(error.message));
  assert.throws(() => loadConfig({ WEBHOOK_URL: 'https://xt.example.gov.cn/hook', WEBHOOK_SECRET: 'short' }), /WEBHOOK_SECRET/);
  assert.throws(
    () => loadConfig({ SMTP_URL: 'http://mailer:S3cret-Pass@mail.example.gov.cn' }),
    (error: Error) => error instanceof ConfigError && /SMTP_URL/.test(error.message) && !error.message.includes('S3cret-Pass'),
  );
  const ok = loadConfig({ SMTP_URL: 'smtps://mailer:S3cret-Pass@mail.example.gov.cn:465', WEBHOOK_URL: 'https://xt.example.gov.cn/hook', WEBHOOK_SECRET: 'ab'.repeat(16) });
  assert.equal(ok.notifications.webhookSecretHex, 'ab'.repeat(16));
});
