import './server-only';
import { reseal, SecretBoxError, sshKeyContext } from '../crypto/secret-box';
import { db } from '../db/client';
import { totpKeyContext } from './two-factor';

// Rotating the panel's secret (`npm run rotate-secret`, scripts/rotate-secret.ts): every sealed column is
// opened with the old secret and sealed again under the new one, in one transaction, so the database is
// never half old and half new. The sealed columns are MailHost.sshPrivateKey and User.totpSecret. The
// sync badge's mark (lib/data/host-sync-status.ts) is sealed too, but lives only in a browser for a few
// seconds: an old one is simply refused and the badge asks again. The command line is the actor here:
// whoever can run it holds the database and the secret already.

export class RotationError extends Error {
  override name = 'RotationError';
}

export interface RotationResult {
  sshKeys: number;
  totpSecrets: number;
  sessionsEnded: number;
}

/** A sealed value with the row it belongs to and its context. */
interface SealedCell {
  column: 'sshPrivateKey' | 'totpSecret';
  what: string;
  id: string;
  sealed: string;
  context: string;
}

/**
 * Re-seals every sealed column under `to`. A value `from` cannot open stops it before anything is written
 * (RotationError naming the row), so nothing changes. Every panel session ends with it: a session outlives
 * neither the secret that signed it nor the keys sealed under it.
 */
export async function rotateSealedSecrets(from: string, to: string): Promise<RotationResult> {
  if (!from || !to) throw new RotationError('Both the old and the new secret are needed.');
  if (from === to) throw new RotationError('The new secret is the same as the old one.');
  // Generous: the walk is one transaction over every host and user (thousands of rows, not millions).
  return db().$transaction(
    async (tx) => {
      // Locked as read, so no key is changed between reading it and writing its rotated form.
      const hosts = await tx.$queryRaw<{ id: string; sshPrivateKey: string }[]>`
        SELECT id::text, "sshPrivateKey" FROM "MailHost" WHERE "sshPrivateKey" IS NOT NULL ORDER BY id FOR UPDATE`;
      const users = await tx.$queryRaw<{ id: string; totpSecret: string }[]>`
        SELECT id::text, "totpSecret" FROM "User" WHERE "totpSecret" IS NOT NULL ORDER BY id FOR UPDATE`;
      const cells: SealedCell[] = [
        ...hosts.map((h) => ({
          column: 'sshPrivateKey' as const,
          what: 'the SSH key of mail host',
          id: h.id,
          sealed: h.sshPrivateKey,
          context: sshKeyContext(h.id),
        })),
        ...users.map((u) => ({
          column: 'totpSecret' as const,
          what: 'the two-factor key of user',
          id: u.id,
          sealed: u.totpSecret,
          context: totpKeyContext(u.id),
        })),
      ];
      // Everything is opened before anything is written: one unreadable value changes nothing.
      const rotated = cells.map((cell) => ({ ...cell, sealed: resealCell(cell, from, to) }));
      for (const cell of rotated) {
        if (cell.column === 'sshPrivateKey') {
          await tx.mailHost.update({ where: { id: cell.id }, data: { sshPrivateKey: cell.sealed } });
        } else {
          await tx.user.update({ where: { id: cell.id }, data: { totpSecret: cell.sealed } });
        }
      }
      const ended = await tx.userSession.updateMany({ where: { endedAt: null }, data: { endedAt: new Date() } });
      // Counts only: never a secret, sealed or not.
      await tx.auditEvent.create({
        data: {
          actorLabel: 'rotate-secret (command line)',
          action: 'secret.rotate',
          targetType: 'panel',
          details: { sshKeys: hosts.length, totpSecrets: users.length, sessionsEnded: ended.count },
        },
      });
      return { sshKeys: hosts.length, totpSecrets: users.length, sessionsEnded: ended.count };
    },
    { timeout: 600_000 },
  );
}

function resealCell(cell: SealedCell, from: string, to: string): string {
  try {
    return reseal(cell.sealed, cell.context, from, to);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new RotationError(
      `${cell.what} ${cell.id} cannot be opened with the current secret, so nothing was changed. ` +
        'Run the command with the secret that sealed it, or clear that value first (a new SSH key on the host page; two-factor turned off for that user).',
    );
  }
}
