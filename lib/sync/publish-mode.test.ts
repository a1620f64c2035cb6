import { describe, expect, it } from 'vitest';
import { defaultHostSettings } from '../validation/host-settings';
import { choosePublishMode, publishPrograms } from './publish-mode';

const SENDMAIL = defaultHostSettings('SENDMAIL', '/srv/maps');
const POSTFIX = defaultHostSettings('POSTFIX', '/srv/maps');
const machine = (programs: string[], groups: string[]) => ({
  hasProgram: (p: string) => programs.includes(p),
  hasGroup: (g: string) => groups.includes(g),
});

describe('choosePublishMode', () => {
  it.each([
    ['a fresh machine: no sendmail, no Dovecot', SENDMAIL, [], [], 'files'],
    ['sendmail and Dovecot installed', SENDMAIL, publishPrograms(SENDMAIL), ['dovecot'], 'full'],
    ['sendmail installed, Dovecot not (no dovecot group)', SENDMAIL, publishPrograms(SENDMAIL), [], 'files'],
    ['makemap missing', SENDMAIL, publishPrograms(SENDMAIL).filter((p) => p !== '/usr/sbin/makemap'), ['dovecot'], 'files'],
    ['Postfix and Dovecot installed', POSTFIX, publishPrograms(POSTFIX), ['dovecot'], 'full'],
    ['sendmail tools only, for a Postfix host', POSTFIX, publishPrograms(SENDMAIL), ['dovecot'], 'files'],
  ] as const)('%s', (_, settings, programs, groups, mode) => {
    expect(choosePublishMode(settings, machine([...programs], [...groups])).mode).toBe(mode);
  });

  it('names what is missing', () => {
    expect(choosePublishMode(SENDMAIL, machine([], [])).missing).toContain('/usr/sbin/makemap');
    expect(choosePublishMode(SENDMAIL, machine(publishPrograms(SENDMAIL), [])).missing).toEqual(['group dovecot']);
  });

  it('does not count the quota command: it is not part of a publish', () => {
    expect(publishPrograms(SENDMAIL)).not.toContain('/usr/bin/doveadm');
  });
});
