/**
 * How the driver reads failures. A local HTTP server plays Keystone and the services here only
 * because these faults — a 500, a 409 of a busy resource, a 413 with Retry-After, a 429, a token
 * refused mid-session, a service that never answers — cannot be caused on demand in openstack-lab;
 * everything else runs against the real lab (server/test/openstack-driver.test.ts). The bodies are
 * the shapes Nova, Cinder, Neutron, Glance and Keystone send.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DriverError } from '../cloud-driver.ts';
import { COMPUTE_MICROVERSION } from './nova-api.ts';
import { type OpenStackCredentials, openstackCredentials, serviceRoot } from './openstack-client.ts';
import { openstackDriver } from './openstack-driver.ts';
import { providerMessageOf } from './openstack-errors.ts';

interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Accept the request and never answer. */
  hang?: boolean;
}

describe('OpenStack failures as DriverErrors', () => {
  let server: Server;
  let base = '';
  let tokensIssued = 0;
  let tokenLifeMs = 3_600_000;
  /** Keystone's answer to token requests, when it should fail. */
  let keystoneFault: Fault | null = null;
  /** Tokens that the services refuse with 401. */
  const refusedTokens = new Set<string>();
  /** `METHOD /path` → the answer. */
  const routes = new Map<string, Fault>();
  const seen: { method: string; path: string; headers: IncomingMessage['headers'] }[] = [];
  const hanging: ServerResponse[] = [];

  function answer(response: ServerResponse, fault: Fault): void {
    if (fault.hang) {
      hanging.push(response);
      return;
    }
    const text = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? {});
    response.writeHead(fault.status, { 'content-type': typeof fault.body === 'string' ? 'text/html' : 'application/json', ...fault.headers });
    response.end(text);
  }

  before(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      request.resume();
      if (path === '/identity/v3/auth/tokens' && request.method === 'POST') {
        if (keystoneFault) return answer(response, keystoneFault);
        tokensIssued++;
        const endpoints = (url: string) => [{ interface: 'public', region_id: 'RegionOne', url }];
        return answer(response, {
          status: 201,
          headers: { 'x-subject-token': `token-${tokensIssued}` },
          body: {
            token: {
              expires_at: new Date(Date.now() + tokenLifeMs).toISOString(),
              project: { id: 'p1', name: 'gov' },
              user: { id: 'u1', name: 'ops' },
              roles: [{ name: 'member' }],
              catalog: [
                { type: 'compute', endpoints: endpoints(`${base}/compute/v2.1`) },
                { type: 'volumev3', endpoints: endpoints(`${base}/volume/v3/p1`) },
                { type: 'image', endpoints: endpoints(`${base}/image`) },
                { type: 'network', endpoints: endpoints(`${base}/network`) },
              ],
            },
          },
        });
      }
      seen.push({ method: request.method ?? '', path, headers: request.headers });
      if (refusedTokens.has(String(request.headers['x-auth-token']))) {
        return answer(response, { status: 401, body: { error: { code: 401, message: 'The request you have made requires authentication.' } } });
      }
      const route = routes.get(`${request.method} ${path.split('?')[0]}`);
      answer(response, route ?? { status: 404, body: { itemNotFound: { code: 404, message: 'no route in the test server' } } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  after(async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    routes.clear();
    refusedTokens.clear();
    seen.length = 0;
    keystoneFault = null;
    tokenLifeMs = 3_600_000;
  });

  const credentials = (): OpenStackCredentials => ({ authUrl: `${base}/identity/v3`, username: 'ops', password: 'pw', projectName: 'gov', region: 'RegionOne' });

  async function refusal(route: string, fault: Fault, request: (driver: ReturnType<typeof openstackDriver>) => Promise<unknown>): Promise<DriverError> {
    routes.set(route, fault);
    const driver = openstackDriver(credentials());
    try {
      await request(driver);
    } catch (error) {
      assert.ok(error instanceof DriverError, String(error));
      return error;
    }
    assert.fail(`${route} answering ${fault.status} did not fail`);
  }

  const table: { name: string; route: string; fault: Fault; transient: boolean; said: RegExp }[] = [
    {
      name: 'Nova 500 computeFault',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 500, body: { computeFault: { code: 500, message: 'Unexpected API Error.' } } },
      transient: true,
      said: /^Unexpected API Error\.$/,
    },
    {
      name: 'a proxy 503 in HTML',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 503, body: '<html><head><title>503</title></head><body><h1>Service Unavailable</h1>try later</body></html>' },
      transient: true,
      said: /^Service Unavailable try later$/,
    },
    {
      name: 'Nova 501 notImplemented',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 501, body: { notImplemented: { code: 501, message: 'Not supported by this cloud' } } },
      transient: false,
      said: /Not supported/,
    },
    {
      name: 'Nova 409 conflictingRequest (a task in progress)',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: {
        status: 409,
        body: { conflictingRequest: { code: 409, message: "Cannot 'resize' instance s1 while it is in task_state powering-on" } },
      },
      transient: true,
      said: /task_state powering-on/,
    },
    {
      name: 'Nova 429',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 429, body: { overLimit: { code: 429, message: 'Too many requests' } } },
      transient: true,
      said: /Too many requests/,
    },
    {
      name: 'Nova 413 overLimit with Retry-After (a rate limit)',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 413, headers: { 'retry-after': '5' }, body: { overLimit: { code: 413, message: 'This request was rate-limited.', retryAfter: '5' } } },
      transient: true,
      said: /rate-limited/,
    },
    {
      name: 'Nova 413 overLimit without Retry-After (quota, older clouds)',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 413, body: { overLimit: { code: 413, message: 'Quota exceeded for ram: Requested 4096, but already used 51200 of 51200 ram' } } },
      transient: false,
      said: /Quota exceeded for ram/,
    },
    {
      name: 'Nova 403 forbidden, quota exceeded',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 403, body: { forbidden: { code: 403, message: 'Quota exceeded for cores: Requested 4, but already used 20 of 20 cores' } } },
      transient: false,
      said: /Quota exceeded for cores/,
    },
    {
      name: 'Nova 400 badRequest',
      route: 'POST /compute/v2.1/servers/s1/action',
      fault: { status: 400, body: { badRequest: { code: 400, message: 'When resizing, instances must change flavor!' } } },
      transient: false,
      said: /must change flavor/,
    },
  ];

  for (const row of table) {
    test(`${row.name} is ${row.transient ? 'transient' : 'permanent'}, with the provider's words`, async () => {
      const error = await refusal(row.route, row.fault, (driver) => driver.client.call('compute', 'POST', '/servers/s1/action', { body: { resize: { flavorRef: '2' } } }));
      assert.equal(error.transient, row.transient, error.message);
      assert.equal(error.status, row.fault.status);
      assert.match(error.providerMessage, row.said);
      assert.match(error.message, /OpenStack compute \(Nova\) refused POST \/servers\/s1\/action/);
    });
  }

  test('quota exceeded says so in the message; the request id is kept for the provider’s logs', async () => {
    const error = await refusal(
      'POST /volume/v3/p1/volumes',
      {
        status: 413,
        headers: { 'x-openstack-request-id': 'req-7f3c' },
        body: { overLimit: { code: 413, message: 'VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota.' } },
      },
      (driver) => driver.createVolume({ name: 'v', sizeGiB: 5000, idempotencyKey: 'k' }),
    );
    assert.equal(error.transient, false);
    assert.match(error.message, /HTTP 413, quota exceeded/);
    assert.match(error.message, /\[req-7f3c\]$/);
  });

  test('Neutron’s and Glance’s error shapes give their messages', async () => {
    const neutron = await refusal(
      'GET /network/v2.0/networks',
      { status: 409, body: { NeutronError: { type: 'InUse', message: 'Unable to complete operation on network n1.', detail: '' } } },
      (driver) => driver.client.call('network', 'GET', '/networks'),
    );
    assert.equal(neutron.transient, true);
    assert.equal(neutron.providerMessage, 'Unable to complete operation on network n1.');
    const glance = await refusal(
      'GET /image/v2/images/i1',
      { status: 403, body: '<html>\n <head>\n  <title>403 Forbidden</title>\n </head>\n <body>\n  <h1>403 Forbidden</h1>\n  You are not authorized to access this image.<br /><br />\n </body>\n</html>' },
      (driver) => driver.client.call('image', 'GET', '/images/i1'),
    );
    assert.equal(glance.transient, false);
    assert.equal(glance.providerMessage, '403 Forbidden You are not authorized to access this image.');
  });

  test('a 404 reads as null where the resource may be missing, and as a permanent error where it must exist', async () => {
    routes.set('GET /compute/v2.1/servers/gone', { status: 404, body: { itemNotFound: { code: 404, message: 'Instance gone could not be found.' } } });
    routes.set('POST /compute/v2.1/servers/gone/action', { status: 404, body: { itemNotFound: { code: 404, message: 'Instance gone could not be found.' } } });
    const driver = openstackDriver(credentials());
    assert.equal(await driver.getServer('gone'), null);
    await driver.deleteServer('gone');
    await assert.rejects(driver.startServer('gone'), (error: unknown) => error instanceof DriverError && !error.transient && error.status === 404);
  });

  test('compute requests carry the microversion in both headers; the token in X-Auth-Token', async () => {
    routes.set('GET /compute/v2.1/limits', { status: 200, body: { limits: { absolute: {} } } });
    await openstackDriver(credentials()).testConnection();
    const request = seen.find((r) => r.path === '/compute/v2.1/limits');
    assert.equal(request?.headers['openstack-api-version'], `compute ${COMPUTE_MICROVERSION}`);
    assert.equal(request?.headers['x-openstack-nova-api-version'], COMPUTE_MICROVERSION);
    assert.equal(request?.headers['x-auth-token'], `token-${tokensIssued}`);
  });

  test('a token the service refuses is replaced once and the request repeated; refused again, the failure is permanent', async () => {
    routes.set('GET /compute/v2.1/limits', { status: 200, body: { limits: { absolute: {} } } });
    const driver = openstackDriver(credentials());
    const first = await driver.client.token();
    refusedTokens.add(first.value);
    await driver.testConnection();
    assert.equal(driver.client.authentications, 2);
    assert.deepEqual(
      seen.map((r) => r.headers['x-auth-token']),
      [first.value, driver.client.currentToken()],
    );
    refusedTokens.add(driver.client.currentToken()!);
    refusedTokens.add(`token-${tokensIssued + 1}`);
    await assert.rejects(driver.testConnection(), (error: unknown) => error instanceof DriverError && !error.transient && error.status === 401);
  });

  test('a short-lived token is used for half its life, not renewed on every request', async () => {
    routes.set('GET /compute/v2.1/limits', { status: 200, body: { limits: { absolute: {} } } });
    tokenLifeMs = 4 * 60_000;
    let now = Date.now();
    const driver = openstackDriver(credentials(), { now: () => now });
    await driver.testConnection();
    await driver.testConnection();
    assert.equal(driver.client.authentications, 1);
    now += 2 * 60_000 + 1_000;
    await driver.testConnection();
    assert.equal(driver.client.authentications, 2);
  });

  test('Keystone refusing the credentials is permanent; Keystone failing is transient', async () => {
    keystoneFault = { status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
    await assert.rejects(openstackDriver(credentials()).listServers(), (error: unknown) => {
      assert.ok(error instanceof DriverError);
      assert.equal(error.transient, false);
      assert.equal(error.providerMessage, 'The request you have made requires authentication.');
      assert.match(error.message, /^Keystone refused POST \/v3\/auth\/tokens \(HTTP 401\)/);
      return true;
    });
    keystoneFault = { status: 503, body: 'Service Unavailable' };
    await assert.rejects(openstackDriver(credentials()).listServers(), (error: unknown) => error instanceof DriverError && error.transient && error.status === 503);
  });

  test('a service that accepts the request and never answers fails on the time limit, as transient', async () => {
    routes.set('GET /compute/v2.1/servers/slow', { status: 200, hang: true });
    const driver = openstackDriver(credentials(), { timeoutMs: 300 });
    const started = performance.now();
    await assert.rejects(driver.getServer('slow'), (error: unknown) => {
      assert.ok(error instanceof DriverError);
      assert.equal(error.transient, true);
      assert.equal(error.status, null);
      assert.match(error.message, /did not answer within 0\.3 s/);
      return true;
    });
    assert.ok(performance.now() - started < 3000);
  });

  test('a Keystone that accepts connections and never answers fails on the time limit, as transient', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const driver = openstackDriver({ ...credentials(), authUrl: `http://127.0.0.1:${port}/v3` }, { timeoutMs: 300 });
      await assert.rejects(driver.testConnection(), (error: unknown) => error instanceof DriverError && error.transient && /Keystone .* did not answer within 0\.3 s/.test(error.message));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('a refused connection is transient', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const driver = openstackDriver({ ...credentials(), authUrl: `http://127.0.0.1:${port}/v3` });
    await assert.rejects(driver.listVolumes(), (error: unknown) => error instanceof DriverError && error.transient && /connection refused/.test(error.message));
  });
});

describe('OpenStack driver settings', () => {
  test('service roots are derived from the catalog URLs clouds register', () => {
    assert.equal(serviceRoot('compute', 'https://nova.example/v2.1/', 'p1'), 'https://nova.example/v2.1');
    assert.equal(serviceRoot('compute', 'https://nova.example/v2/p1', 'p1'), 'https://nova.example/v2.1/p1');
    assert.equal(serviceRoot('volume', 'https://cinder.example/v3/p1', 'p1'), 'https://cinder.example/v3/p1');
    assert.equal(serviceRoot('volume', 'https://cinder.example/v3', 'p1'), 'https://cinder.example/v3/p1');
    assert.equal(serviceRoot('volume', 'https://cinder.example:8776', 'p1'), 'https://cinder.example:8776/v3/p1');
    assert.equal(serviceRoot('image', 'https://glance.example:9292', 'p1'), 'https://glance.example:9292/v2');
    assert.equal(serviceRoot('image', 'https://glance.example/image/v2/', 'p1'), 'https://glance.example/image/v2');
    assert.equal(serviceRoot('network', 'https://neutron.example:9696/', 'p1'), 'https://neutron.example:9696/v2.0');
  });

  test('a platform’s settings and unsealed secret become driver credentials; what is missing is named', () => {
    const connection = { authUrl: 'https://k/v3', username: 'ops', projectName: 'gov', region: 'R1', applicationCredentialId: 'ac1' };
    assert.deepEqual(openstackCredentials(connection, { kind: 'password', password: 'pw' }), {
      authUrl: 'https://k/v3',
      region: 'R1',
      interface: undefined,
      username: 'ops',
      password: 'pw',
      projectName: 'gov',
      projectDomain: undefined,
      userDomain: undefined,
    });
    assert.deepEqual(openstackCredentials(connection, { kind: 'application_credential', secret: 's' }), {
      authUrl: 'https://k/v3',
      region: 'R1',
      interface: undefined,
      applicationCredentialId: 'ac1',
      applicationCredentialSecret: 's',
    });
    assert.throws(() => openstackCredentials({ authUrl: 'https://k/v3', username: 'ops' }, { kind: 'password', password: 'pw' }), /project name/);
    assert.throws(() => openstackCredentials({ username: 'ops' }, { kind: 'password', password: 'pw' }), /Keystone URL/);
  });

  test('provider messages are found in every OpenStack error shape', () => {
    assert.equal(providerMessageOf('{"badRequest": {"code": 400, "message": "Invalid flavorRef provided."}}'), 'Invalid flavorRef provided.');
    assert.equal(providerMessageOf('{"error": {"code": 404, "title": "Not Found", "message": "Could not find project."}}'), 'Could not find project.');
    assert.equal(providerMessageOf('{"NeutronError": {"type": "NetworkNotFound", "message": "Network n could not be found.", "detail": ""}}'), 'Network n could not be found.');
    assert.equal(providerMessageOf('{"message": "plain"}'), 'plain');
    assert.equal(providerMessageOf('Bad Gateway'), 'Bad Gateway');
    assert.equal(providerMessageOf(''), '');
  });
});
