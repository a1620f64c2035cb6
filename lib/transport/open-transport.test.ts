import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seal, sshKeyContext } from '../crypto/secret-box';
import { openTransport, type HostConnection } from './open-transport';

// A key as ssh2's generator made it one time in 256, before 2026-12-07: its public key's leading zero byte
// cut (31 bytes), in the public blob and in the private section alike. ssh2 refuses to read it.
const MALFORMED = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMgAAAAtz
c2gtZWQyNTUxOQAAAB/UwN46fqg0+KhkNgmmrhDek5W9jSFszOWQhHehTmvcAAAA
kCnEAgcpxAIHAAAAC3NzaC1lZDI1NTE5AAAAH9TA3jp+qDT4qGQ2CaauEN6Tlb2N
IWzM5ZCEd6FOa9wAAAA/xDIfxGONMFqXUMu8Gubba8OumJyXbMoY74q64x/aKG7U
wN46fqg0+KhkNgmmrhDek5W9jSFszOWQhHehTmvcAAAADW1haWxwYW5lbEBteDEB
Ag==
-----END OPENSSH PRIVATE KEY-----
`;

const saved = { auth: process.env.AUTH_SECRET, key: process.env.MAILPANEL_SECRET_KEY };
beforeEach(() => {
  process.env.AUTH_SECRET = 'open-transport-test';
  delete process.env.MAILPANEL_SECRET_KEY;
});
afterEach(() => {
  process.env.AUTH_SECRET = saved.auth;
  if (saved.auth === undefined) delete process.env.AUTH_SECRET;
  if (saved.key !== undefined) process.env.MAILPANEL_SECRET_KEY = saved.key;
});

describe('opening an SSH mail host', () => {
  it('says to generate a new key when the stored one cannot be read, before trying to connect', async () => {
    const host: HostConnection = {
      id: 'h1',
      name: 'mx1',
      flavor: 'SENDMAIL',
      transport: 'SSH',
      mapDir: '/etc/mail/panel',
      settings: {},
      // Nothing listens there: the answer must come from the key, not from a connection.
      sshHost: '192.0.2.1',
      sshPort: 22,
      sshUser: 'root',
      sshHostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIABft7GJzoXAsIlvNxiLggptf3JXmkstT9ryP0Xc/eT3',
      sshPrivateKey: seal(MALFORMED, sshKeyContext('h1')),
    };
    await expect(openTransport(host)).rejects.toThrow(
      "mx1: the panel's SSH key for this host cannot be read (keys generated before 2026-12-07 were malformed one time in 256): generate a new key on the host's page and install its public half on the host.",
    );
  });
});
