// Which client a sign-in is counted under, through a real HTTP server as `next start` runs one: a sender's
// own X-Forwarded-For (or a forged peer header) does not make it a new client; a trusted proxy's does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyLogin } from '../lib/data/sessions';
import { loginClientOf } from '../lib/session/login-client';
import { recordPeerAddresses } from '../lib/session/peer-address';
import { makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let server: Server;
let url: string;

beforeAll(async () => {
  recordPeerAddresses();
  // Signs in with the body's email and a wrong password, as the login form would, and answers the result.
  server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(`http://localhost${req.url ?? '/'}`, { headers });
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void verifyLogin(body, 'a wrong password', loginClientOf(request)).then((result) =>
        res.end(JSON.stringify({ client: loginClientOf(request), reason: result.ok ? 'ok' : result.reason })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  delete process.env.MAILPANEL_TRUSTED_PROXIES;
});

async function signIn(email: string, headers: Record<string, string>): Promise<{ client: string; reason: string }> {
  const response = await fetch(url, { method: 'POST', body: email, headers });
  return (await response.json()) as { client: string; reason: string };
}

async function aLogin() {
  const admin = await makeStaff('ADMIN');
  return (await makeReseller(admin, [(await makeHost(admin)).id])).email;
}

describe('the client a sign-in is counted under', () => {
  it('is the connection, whatever X-Forwarded-For it sends: 30 "new" clients are one, throttled after 10', async () => {
    const email = await aLogin();
    const answers = [];
    for (let i = 0; i < 30; i++) {
      answers.push(
        await signIn(email, { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `192.0.2.${i}`, 'x-mailpanel-peer': `203.0.113.${i}` }),
      );
    }
    expect(new Set(answers.map((a) => a.client))).toEqual(new Set(['127.0.0.1']));
    expect(answers.filter((a) => a.reason === 'invalid')).toHaveLength(10);
    expect(answers.slice(10).every((a) => a.reason === 'throttled')).toBe(true);
  });

  it('is the address a trusted proxy forwarded for, not what the sender wrote before it', async () => {
    process.env.MAILPANEL_TRUSTED_PROXIES = '127.0.0.1, ::1';
    const email = await aLogin();
    expect(await signIn(email, { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' })).toEqual({ client: '198.51.100.7', reason: 'invalid' });
    expect(await signIn(email, { 'x-real-ip': '198.51.100.8' })).toEqual({ client: '198.51.100.8', reason: 'invalid' });
  });
});
