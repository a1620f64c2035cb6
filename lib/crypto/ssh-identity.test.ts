import { createPublicKey, verify } from 'node:crypto';
import { utils } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateSshIdentity, readPrivateKey } from './ssh-identity';

// The public key's 32 bytes as an authorized_keys line carries them.
function publicBytes(line: string): Buffer {
  const blob = Buffer.from(line.split(' ')[1] ?? '', 'base64');
  expect(blob.readUInt32BE(0)).toBe(11); // "ssh-ed25519"
  expect(blob.readUInt32BE(15)).toBe(32);
  return blob.subarray(19);
}

// What a server does with the key: ssh2 reads the private half, signs, and the public line verifies it.
function expectUsable(identity: { privateKey: string; publicKey: string }) {
  const parsed = utils.parseKey(identity.privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  expect(key.isPrivateKey()).toBe(true);
  expect(`${key.type} ${key.getPublicSSH().toString('base64')} ${key.comment}`).toBe(identity.publicKey);
  const data = Buffer.from('mailpanel');
  const jwkPublic = { kty: 'OKP', crv: 'Ed25519', x: publicBytes(identity.publicKey).toString('base64url') };
  expect(verify(null, data, createPublicKey({ key: jwkPublic, format: 'jwk' }), key.sign(data))).toBe(true);
}

describe('the key pair the panel generates for an SSH mail host', () => {
  it('is one ssh2 reads back and a server accepts, with the host named in its comment', () => {
    const identity = generateSshIdentity('mx1.example.net');
    expect(identity.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END OPENSSH PRIVATE KEY-----\n$/);
    expect(identity.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=* mailpanel@mx1\.example\.net$/);
    expectUsable(identity);
    expect(readPrivateKey(identity.privateKey, 'other')).toEqual(identity); // pasted back, the same pair
  });

  it('keeps a public key that starts with a zero byte whole (ssh2 cut it: one key in 256 was unusable)', () => {
    let identity = generateSshIdentity('mx1');
    for (let tries = 0; publicBytes(identity.publicKey)[0] !== 0 && tries < 20_000; tries++) identity = generateSshIdentity('mx1');
    expect(publicBytes(identity.publicKey)[0]).toBe(0);
    expectUsable(identity);
  });

  it('is usable every time over a thousand keys', () => {
    for (let i = 0; i < 1000; i++) expectUsable(generateSshIdentity(`mx${i}`));
  });
});
