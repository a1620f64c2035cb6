import { describe, expect, it } from 'vitest';
import { clientAddress, parseIp, parseTrustedProxies } from './client-address';

const trusted = (text: string) => parseTrustedProxies(text).cidrs;
const PROXY = '10.0.0.5';

describe('clientAddress', () => {
  it.each([
    // peer, X-Forwarded-For, X-Real-IP, MAILPANEL_TRUSTED_PROXIES, client
    ['203.0.113.9', null, null, '', '203.0.113.9'],
    // No trusted proxy: whatever the sender claims is ignored.
    ['203.0.113.9', '198.51.100.1', '198.51.100.2', '', '203.0.113.9'],
    ['::ffff:203.0.113.9', '198.51.100.1', null, '', '203.0.113.9'],
    // A peer that is not a trusted proxy cannot speak for anyone else.
    ['203.0.113.9', '198.51.100.1', null, PROXY, '203.0.113.9'],
    // Behind a trusted proxy: the hop it appended, not what the client wrote before it.
    [PROXY, '198.51.100.1', null, PROXY, '198.51.100.1'],
    [PROXY, '6.6.6.6, 198.51.100.1', null, PROXY, '198.51.100.1'],
    [PROXY, '6.6.6.6, 198.51.100.1, 10.0.0.7', null, '10.0.0.0/24', '198.51.100.1'],
    [PROXY, 'not-an-ip, 10.0.0.7', null, '10.0.0.0/24', '10.0.0.7'],
    [PROXY, '198.51.100.1:5555', null, PROXY, '198.51.100.1'],
    // A proxy that only sets X-Real-IP (Next.js fills X-Forwarded-For with the peer itself).
    [PROXY, PROXY, '198.51.100.3', PROXY, '198.51.100.3'],
    [PROXY, null, '198.51.100.3', PROXY, '198.51.100.3'],
    [PROXY, null, 'garbage', PROXY, PROXY],
    // IPv6 clients are counted by their /64.
    ['2001:db8:1:2:aaaa::1', null, null, '', '2001:db8:1:2::/64'],
    ['::1', PROXY, null, '::1', '10.0.0.5'],
    [PROXY, '[2001:db8::7]:443', null, PROXY, '2001:db8:0:0::/64'],
    // No peer seen: no header counts.
    [null, '198.51.100.1', '198.51.100.2', PROXY, 'direct'],
    ['', '198.51.100.1', null, '', 'direct'],
  ])('peer %s, forwarded %s, real %s, trusted "%s": %s', (peer, forwardedFor, realIp, proxies, client) => {
    expect(clientAddress({ peer, forwardedFor, realIp }, trusted(proxies))).toBe(client);
  });
});

describe('parseTrustedProxies', () => {
  it('reads addresses and CIDRs, and names what it cannot read', () => {
    const { cidrs, invalid } = parseTrustedProxies(' 10.0.0.1, 192.168.0.0/16 ,fd00::/8,, 10.0.0.0/33, nginx, 1.2.3.4/8/9');
    expect(cidrs).toHaveLength(3);
    expect(invalid).toEqual(['10.0.0.0/33', 'nginx', '1.2.3.4/8/9']);
  });

  it('is empty by default', () => {
    expect(parseTrustedProxies(undefined)).toEqual({ cidrs: [], invalid: [] });
  });
});

describe('parseIp', () => {
  it.each(['1.2.3.4', '::1', '2001:db8::', '::', '::ffff:1.2.3.4', 'fe80::1%eth0', '[::1]', '1:2:3:4:5:6:7:8', '1::2:3:4:5:6:7'])(
    'reads %s',
    (text) => {
      expect(parseIp(text)).not.toBeNull();
    },
  );

  it.each(['', 'x', '1.2.3', '1.2.3.256', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '1:2:3:4:5:6:7', ':::'])(
    'refuses %s',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );
});
