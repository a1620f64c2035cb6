import type { MailSnapshot } from '../mail/snapshot';
import { renderDovecotPasswd, type DovecotPasswdOptions } from '../mailmaps/dovecot';
import { renderPostfix } from '../mailmaps/postfix';
import { renderSendmail } from '../mailmaps/sendmail';

// Which files a host of each flavour gets, by name. The MTA's own files come from its renderer; the
// accounts' Dovecot passwd-file comes with either flavour.

export type RenderTarget = 'sendmail' | 'postfix' | 'dovecot';

export function renderFiles(target: RenderTarget, snapshot: MailSnapshot, dovecot: DovecotPasswdOptions): Record<string, string> {
  switch (target) {
    case 'sendmail':
      return { ...renderSendmail(snapshot) };
    case 'postfix':
      return { ...renderPostfix(snapshot) };
    case 'dovecot':
      // A disabled account keeps its mail but cannot log in: it is not in the passwd-file.
      return { 'dovecot-passwd': renderDovecotPasswd({ accounts: snapshot.accounts.filter((a) => !a.loginDisabled) }, dovecot) };
  }
}
