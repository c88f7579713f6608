import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { keystoneTokensUrl, probeKeystone, tokenRequestBody } from './keystone-client.ts';

describe('Keystone connection test', () => {
  test('the token URL is built from the auth URL with or without /v3', () => {
    assert.equal(keystoneTokensUrl('https://keystone.example:5000'), 'https://keystone.example:5000/v3/auth/tokens');
    assert.equal(keystoneTokensUrl('https://keystone.example:5000/v3/'), 'https://keystone.example:5000/v3/auth/tokens');
    assert.equal(keystoneTokensUrl('https://example/identity/v3'), 'https://example/identity/v3/auth/tokens');
  });

  test('password authentication is scoped to the project; an application credential carries its own scope', () => {
    const settings = { authUrl: 'http://k/v3', username: 'ops', projectName: 'gov', applicationCredentialId: 'ac-1' };
    assert.deepEqual(tokenRequestBody(settings, { kind: 'password', password: 'p' }), {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'ops', domain: { name: 'Default' }, password: 'p' } } },
        scope: { project: { name: 'gov', domain: { name: 'Default' } } },
      },
    });
    assert.deepEqual(tokenRequestBody(settings, { kind: 'application_credential', secret: 's' }), {
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac-1', secret: 's' } } },
    });
  });

  test('an endpoint that accepts the connection but never answers fails on the time limit', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const started = performance.now();
      const result = await probeKeystone({ authUrl: `http://127.0.0.1:${port}/v3`, username: 'u', projectName: 'p' }, { kind: 'password', password: 'x' }, { timeoutMs: 300 });
      assert.equal(result.ok, false);
      assert.match(result.message, /0\.3 秒内无响应/);
      assert.match(result.messageEn, /did not answer within 0\.3 s/);
      assert.ok(performance.now() - started < 3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('an unknown host is named as such', async () => {
    const result = await probeKeystone({ authUrl: 'http://keystone.invalid/v3', username: 'u', projectName: 'p' }, { kind: 'password', password: 'x' }, { timeoutMs: 3000 });
    assert.equal(result.ok, false);
    assert.match(result.messageEn, /resolve|reach/);
  });
});
