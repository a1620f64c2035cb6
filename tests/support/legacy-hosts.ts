// Legacy sendmail hosts that the project writes itself, for the import's round trip on real sendmail
// (tests/mta/legacy-roundtrip.test.ts): each a set of the host's own files under their usual names, the
// `:include:` files it names, and the addresses to probe. Deterministic, so a failure names the same
// address every run.
import type { LegacyFiles } from '@/lib/mail/legacy-host';

export interface LegacyHostSet {
  name: string;
  files: LegacyFiles;
  /** Include files by absolute path (the lab mounts them there; the import reads them under --root). */
  includes: Record<string, string>;
  /** Addresses to ask both hosts about. */
  probes: string[];
}

/**
 * Real crypt(3) hashes (made here with `openssl passwd`, perl's crypt and bcryptjs), with the passwords they
 * hold: after an import each must still log in through real Dovecot (tests/mta/legacy-logins.test.ts).
 */
export const LEGACY_PASSWORDS = {
  tidy: {
    password: 'old-password-1',
    hash: '$6$tidysalt$oAau/5OqTssHo.W3psoZOEkUHa0Kjdg2D34dljG8eBdl6PpLba/ZBmTo3zHsxdREKKS12CJ36ii1Zzg.E5HsA.',
  },
  redhat: { password: 'old-password-1', hash: '$1$redhat$cTQ9ihhTCwVwBT1DJs9KC0' },
  farm: { password: 'farm-pw', hash: '$6$farmsalt$WfQO4DzncZ.DkvT5zKL7sZN45RIA7I2ecBQBWxbCjIHb9wFl9FA9KHakWNolMcA4trr7MqTScWb7ajI11bxDM.' },
  anna: {
    password: 'anna-pw',
    hash: '$6$rounds=5000$saltsalt$Ub67Ki49m.1MvAPqRsfUrPy99e.Sq2FpeRaVFlrP5TqvxDQ6YUXi3Q9D31KHdVr0jG36SwrSuRGxTkXLxrK0T0',
  },
  fritz: { password: 'fritz-pw', hash: '$2y$05$CdVi7AWSMvNAI7U28sV.j.WEgni.FqIuAegAUpxlW0B3vy8dW7tF6' },
  greta: { password: 'greta-pw', hash: 'abYQX6oh/DpYI' },
  hans: { password: 'hans-pw', hash: '$5$hanssalt$7W1cjv3kvboRqTu71U0ipAk4Iv/c4NIMFkk226uuHS0' },
} as const;

/** Debian's /etc/passwd head: the system accounts every host has. */
const SYSTEM_USERS = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
];
const SYSTEM_SHADOW = [
  'root:$6$rootsalt$abc:19000:0:99999:7:::',
  'daemon:*:19000:0:99999:7:::',
  'bin:*:19000:0:99999:7:::',
  'mail:*:19000:0:99999:7:::',
  'nobody:*:19000:0:99999:7:::',
];
const STANDARD_ALIASES = ['# Debian standard aliases', 'mailer-daemon: postmaster', 'postmaster: root', 'abuse: root', 'nobody: root'];

/** Probes for a host: every key's address, names at each domain, +detail forms, unknowns and role addresses. */
function probesFor(domains: string[], keys: string[], names: string[], limit = Infinity): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    const [local = '', domain = ''] = key.split('@');
    if (local === '' || local.includes('*') || local.endsWith('++')) out.add(`someone-else@${domain}`);
    else out.add(key);
    if (local && !local.includes('+')) out.add(`${local}+tag@${domain}`);
  }
  for (const domain of domains) {
    for (const name of names) out.add(`${name}@${domain}`);
    for (const local of ['postmaster', 'abuse', 'root', 'nosuchuser', 'Mixed.Case']) out.add(`${local}@${domain}`);
  }
  return [...out].slice(0, limit);
}

/** A tidy host: ten domains, per-address virtmaps, catch-alls, redirects, rejections, aliases, POP users. */
export function tidyHost(): LegacyHostSet {
  const domains = Array.from({ length: 10 }, (_, i) => `tidy${i + 1}.example`);
  const users = Array.from({ length: 20 }, (_, i) => `user${String(i + 1).padStart(2, '0')}`);
  const passwd = [...SYSTEM_USERS, ...users.map((u, i) => `${u}:x:${1000 + i}:100:${u}:/home/${u}:/bin/false`)];
  const shadow = [...SYSTEM_SHADOW, ...users.map((u) => `${u}:${LEGACY_PASSWORDS.tidy.hash}:19000:0:99999:7:::`)];
  const aliases = [
    ...STANDARD_ALIASES,
    'sales: user01, user02',
    'support: user03, helpdesk@partner.example',
    'team: sales, support, \\user04',
    'user05: \\user05, user06',
  ];
  const virt: string[] = [];
  domains.forEach((d, i) => {
    virt.push(
      `info@${d}\tsales`,
      `webmaster@${d}\t${users[i]!}`,
      `help@${d}\tsupport`,
      `boss@${d}\tceo@partner.example`,
      `old@${d}\terror:nouser This address is no longer in use`,
    );
    if (i % 3 === 0) virt.push(`@${d}\t${users[i + 1]!}`);
    if (i % 3 === 1) virt.push(`@${d}\t%1@tidy1.example`);
    if (i === 2) virt.push(`${users[5]!}@${d}\t${users[5]!}`);
  });
  const keys = virt.map((l) => l.split('\t')[0]!);
  return {
    name: 'tidy',
    files: {
      'local-host-names': `${domains.join('\n')}\n`,
      virtusertable: `${virt.join('\n')}\n`,
      aliases: `${aliases.join('\n')}\n`,
      passwd: `${passwd.join('\n')}\n`,
      shadow: `${shadow.join('\n')}\n`,
    },
    includes: {},
    probes: probesFor(domains, keys, [...users.slice(0, 8), 'sales', 'support', 'team', 'user05']),
  };
}

/** A Red Hat host: sendmail.cw (trailing dots, several names a line), MD5 hashes, uids from 500, an include list. */
export function redHatHost(): LegacyHostSet {
  const users = ['alice', 'bert', 'carla', 'dirk', 'eva', 'frank'];
  const passwd = [...SYSTEM_USERS, ...users.map((u, i) => `${u}:x:${500 + i}:500:${u}:/home/${u}:/sbin/nologin`)];
  const shadow = [...SYSTEM_SHADOW, ...users.map((u) => `${u}:${LEGACY_PASSWORDS.redhat.hash}:15000:0:99999:7:::`)];
  return {
    name: 'redhat',
    files: {
      'sendmail.cw':
        '# sendmail.cw - include all aliases for your machine here.\nshop.example www.shop.example.\nBAKERY.EXAMPLE\n  old-shop.example   # kept for the redirects\n',
      virtusertable: [
        'orders@shop.example\tstaff',
        'alice@shop.example\talice',
        '@shop.example\terror:nouser No such user here',
        '@old-shop.example\t%1@shop.example',
        'bread@bakery.example\tcarla',
        'cake@bakery.example\tdirk@pastry.example',
      ].join('\n'),
      aliases: [...STANDARD_ALIASES, 'staff: :include:/etc/mail/lists/staff', 'eva: \\eva, frank'].join('\n'),
      passwd: `${passwd.join('\n')}\n`,
      shadow: `${shadow.join('\n')}\n`,
    },
    includes: { '/etc/mail/lists/staff': '# the shop staff\nalice\nbert, carla\n' },
    probes: probesFor(
      ['shop.example', 'www.shop.example', 'bakery.example', 'old-shop.example'],
      ['orders@shop.example', 'alice@shop.example', '@shop.example', '@old-shop.example', 'bread@bakery.example', 'cake@bakery.example'],
      [...users, 'staff'],
    ),
  };
}

/** Fifteen years of many hands: BOM, CRLF, tabs and runs of spaces, duplicates, broken lines, unmodelled targets. */
export function handEditedHost(): LegacyHostSet {
  const bom = '\uFEFF';
  const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  const users = ['anna', 'ben', 'carl', 'dora', 'emil', 'fritz', 'greta', 'hans'];
  const passwd = [
    ...SYSTEM_USERS,
    'anna:x:1000:100::/home/anna:/bin/false',
    'ben:x:1001:100::/home/ben:/bin/false',
    'carl:x:1002:100::/home/carl:/bin/false',
    'dora:x:1003:100::/home/dora:/bin/false',
    'emil:x:1004:100::/home/emil:/bin/false',
    'fritz:x:1005:100::/home/fritz:/bin/false',
    // a pre-shadow entry: the DES hash in passwd itself
    `greta:${LEGACY_PASSWORDS.greta.hash}:1006:100::/home/greta:/bin/false`,
    'hans:x:1007:100::/home/hans:/bin/false',
  ];
  const shadow = [
    ...SYSTEM_SHADOW,
    `anna:${LEGACY_PASSWORDS.anna.hash}:19000::::::`,
    'ben:!:19000::::::',
    'carl:*:19000::::::',
    'dora:!!:19000::::::',
    'emil::19000::::::',
    `fritz:${LEGACY_PASSWORDS.fritz.hash}:19000::::::`,
    `hans:${LEGACY_PASSWORDS.hans.hash}:19000::::::`,
  ];
  const virt = [
    `${bom}first@main.example\tanna`,
    '# === main.example, since 2009 ===',
    'info@main.example\t\tsales',
    'Sales@Main.Example   ben   ',
    'info@main.example\tcarl',
    '  indented@main.example\tanna',
    'tags+*@main.example\tanna+%2',
    '++@second.example\tben',
    'fwd@second.example\tdora%3',
    'plus@main.example\tanna+%2',
    'local@main.example\tanna@localhost',
    '@second.example\t%1%3@main.example',
    'gone@main.example\terror:nohost Host unknown',
    'policy@main.example\terror:5.7.1:550 Not accepted here',
    'later@main.example\terror:tempfail Try again later',
    'plain@main.example\terror:5.1.1:550 User unknown',
    'bad@main.example\tanna # she left in 2015',
    'list@main.example\tanna, ben',
    'null@main.example\t/dev/null',
    'x@notlocal.example\tanna',
    'ext@main.example\tSomeone+news@Remote.Example.',
    '',
    '# webmaster for both',
    'webmaster@main.example\temil',
    'webmaster@second.example\tfritz',
  ];
  const aliases = [
    `${bom}# aliases, edited by hand`,
    ...STANDARD_ALIASES,
    'sales: anna,',
    '\tben,',
    '  partner@elsewhere.example',
    'copy: \\carl, carl',
    'Dup: anna',
    'dup: ben',
    'proc: anna, "|/usr/bin/procmail -t"',
    'log: /var/log/mail-archive',
    'junk: /dev/null',
    'team: :include:/etc/mail/lists/team',
    'lost: :include:/etc/mail/lists/missing',
    'mixed: Anna',
    'chain: sales, junk',
    'vialocal: ben@localhost, carl',
  ];
  return {
    name: 'handEdited',
    files: {
      'local-host-names': crlf([`${bom}old-bom.example`, 'main.example', 'second.example  # the other shop']),
      virtusertable: crlf(virt),
      aliases: crlf(aliases),
      passwd: `${passwd.join('\n')}\n`,
      shadow: `${shadow.join('\n')}\n`,
    },
    includes: { '/etc/mail/lists/team': 'anna\r\ndora\r\n# fritz left\r\n' },
    probes: probesFor(
      ['main.example', 'second.example', 'old-bom.example'],
      virt
        .filter((l) => l.includes('@') && !l.startsWith('#') && !l.startsWith(' '))
        .map((l) =>
          l
            .replace(bom, '')
            .split(/[ \t]+/)[0]!
            .toLowerCase(),
        ),
      [...users, 'sales', 'copy', 'dup', 'proc', 'log', 'junk', 'team', 'lost', 'mixed', 'chain'],
    ).concat(['tags+one@main.example', 'tags@main.example', 'x+y@second.example', 'fwd+z@second.example']),
  };
}

/** A reseller farm: `domains` domains, about ten virtusertable lines each, two users and an alias per domain. */
export function farmHost(domainCount = 2000): LegacyHostSet {
  const domains = Array.from({ length: domainCount }, (_, i) => `farm${i}.example`);
  const passwd = [...SYSTEM_USERS];
  const shadow = [...SYSTEM_SHADOW];
  const aliases = [...STANDARD_ALIASES];
  const virt: string[] = [];
  domains.forEach((d, i) => {
    const a = `u${i}a`;
    const b = `u${i}b`;
    passwd.push(`${a}:x:${2000 + 2 * i}:100::/home/${a}:/bin/false`, `${b}:x:${2001 + 2 * i}:100::/home/${b}:/bin/false`);
    shadow.push(`${a}:${LEGACY_PASSWORDS.farm.hash}:19000::::::`, `${b}:!:19000::::::`);
    aliases.push(`team${i}: ${a}, ${b}`);
    virt.push(
      `info@${d}\tteam${i}`,
      `sales@${d}\t${a}`,
      `billing@${d}\t${b}`,
      `webmaster@${d}\t${a}`,
      `support@${d}\tteam${i}`,
      `office@${d}\toffice${i}@partner.example`,
      `old@${d}\terror:nouser Gone`,
      `${a}@${d}\t${a}`,
      `${b}@${d}\t${b}`,
    );
    virt.push(i % 2 === 0 ? `@${d}\t${a}` : `@${d}\t%1@${domains[(i + 1) % domainCount]!}`);
  });
  // Every domain is imported; the probes ask about a sample of them (each with all its keys), so the round
  // trip stays a minute on this machine.
  const sample = domains.filter((_, i) => i % 50 === 0);
  const keys = virt.map((l) => l.split('\t')[0]!).filter((k) => sample.some((d) => k.endsWith(`@${d}`)));
  return {
    name: 'farm',
    files: {
      'local-host-names': `${domains.join('\n')}\n`,
      virtusertable: `${virt.join('\n')}\n`,
      aliases: `${aliases.join('\n')}\n`,
      passwd: `${passwd.join('\n')}\n`,
      shadow: `${shadow.join('\n')}\n`,
    },
    includes: {},
    probes: probesFor(sample, keys, ['u0a', 'u1b', 'team0', 'team7'], 1500),
  };
}
