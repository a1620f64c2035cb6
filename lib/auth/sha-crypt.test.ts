import { describe, expect, it } from 'vitest';
import { SHA_CRYPT_MAX_ROUNDS, verifyShaCrypt } from './sha-crypt';

// The test vectors published with Ulrich Drepper's spec ("Unix crypt using SHA-256 and SHA-512"), as crypt(3)
// writes them: a salt past 16 characters is cut, and the "rounds=10" vector is written with rounds=1000.
// Each was also checked here against libc's crypt(3) (perl -e 'print crypt($pw, $salt)').
const LONG = 'a very much longer text to encrypt.  This one even stretches over morethan one line.';
const VECTORS: [string, string][] = [
  ['Hello world!', '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
  [
    'Hello world!',
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
  ],
  [
    'This is just a test',
    '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0',
  ],
  [LONG, '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1'],
  [
    'we have a short salt string but not a short password',
    '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0',
  ],
  [
    'a short string',
    '$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1',
  ],
  [
    'the minimum number is still observed',
    '$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.',
  ],
  ['Hello world!', '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
  ['Hello world!', '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA'],
  ['This is just a test', '$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5'],
  [LONG, '$5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1'],
  ['we have a short salt string but not a short password', '$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/'],
  ['a short string', '$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD'],
  ['the minimum number is still observed', '$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC'],
  // Lengths that are whole multiples of the digest size (64, 128 bytes), which `unixcrypt` gets wrong;
  // made by libc's crypt(3).
  ['x'.repeat(64), '$6$abcdefgh$J74PEApZRYnxFxfV7YR9J1SNDZA/y9/0zjoD/.pAGZufEnXskYcAOuzejxsvcHUUKaiVU43hXJUUM0/I8NBis1'],
  ['x'.repeat(128), '$5$abcdefgh$rQPqAqtL6k3QbKtTTKVA8DR5kMVqZvXf5loMTmQBjB1'],
];

describe('verifyShaCrypt', () => {
  it.each(VECTORS)('accepts %j against its hash, and refuses a changed password', async (plain, stored) => {
    expect(await verifyShaCrypt(stored, plain)).toBe(true);
    expect(await verifyShaCrypt(stored, `${plain}x`)).toBe(false);
  });

  const good = VECTORS[0]![1];
  it.each([
    ['an empty string', ''],
    ['a cut hash', good.slice(0, -1)],
    ['a hash one character longer', `${good}a`],
    ['one changed character', good.replace('svn8', 'svn9')],
    ['another id', good.replace('$6$', '$7$')],
    ['a SHA-256 length under $6$', `$6$saltstring$${'a'.repeat(43)}`],
    ['a salt past 16 characters', good.replace('saltstring', 'saltstringsaltstring')],
    [
      'rounds under the minimum',
      '$6$rounds=10$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.',
    ],
    ['rounds with a leading zero', good.replace('$saltstring', '$rounds=05000$saltstring')],
    ['rounds over our cap', good.replace('$saltstring', `$rounds=${SHA_CRYPT_MAX_ROUNDS + 1}$saltstring`)],
    ['rounds too long to parse', good.replace('$saltstring', '$rounds=99999999999999999999$saltstring')],
    ['a character outside crypt base-64', good.replace('svn8', 'svn_')],
  ])('answers false for %s', async (_what, stored) => {
    expect(await verifyShaCrypt(stored, 'Hello world!')).toBe(false);
  });
});
