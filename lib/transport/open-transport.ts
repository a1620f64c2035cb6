import { assertHostPolicy } from '../validation/host-policy';
import { resolveHostSettings, type HostFlavor, type HostSettings } from '../validation/host-settings';
import { sshKeyContext, unseal } from '../crypto/secret-box';
import { readPrivateKey } from '../crypto/ssh-identity';
import type { Transport } from './transport';
import { localTransport } from './local';
import { connectSsh } from './ssh';

// From a MailHost row to an open connection and the host's effective settings: what the publisher needs,
// and what the data layer needs to ask the host something (a mailbox's usage, lib/data/mailbox-usage.ts).
// Below lib/data and lib/sync, so that both may reach a host (docs/architecture.md).

/** The MailHost columns (HOST_CONNECTION in lib/data/sync-host-state.ts) that say how to reach a host. */
export interface HostConnection {
  id: string;
  name: string;
  flavor: HostFlavor;
  transport: 'LOCAL' | 'SSH';
  mapDir: string;
  settings: unknown;
  sshHost: string | null;
  sshPort: number;
  sshUser: string | null;
  sshHostKey: string | null;
  sshPrivateKey: string | null;
}

/**
 * The settings the sync and the usage query use: valid, and within what this machine's operator allows
 * (lib/validation/host-policy.ts), checked here again because a row may predate the policy or its env.
 */
export function hostSettingsOf(host: Pick<HostConnection, 'flavor' | 'mapDir' | 'settings'>): HostSettings {
  const settings = resolveHostSettings(host.flavor, host.mapDir, host.settings);
  assertHostPolicy(settings);
  return settings;
}

export async function openTransport(host: HostConnection): Promise<Transport> {
  if (host.transport === 'LOCAL') return localTransport();
  if (!host.sshHost || !host.sshUser || !host.sshHostKey)
    throw new Error(`${host.name}: the SSH host, user and pinned host key must be set.`);
  if (!host.sshPrivateKey) throw new Error(`${host.name}: the panel has no SSH key for this host yet; generate one on the host's page.`);
  const privateKey = unseal(host.sshPrivateKey, sshKeyContext(host.id));
  // Keys the panel generated before 2026-12-07 came from ssh2's generator, which made about one in 256
  // unreadable (lib/crypto/ssh-identity.ts): say what to do instead of the library's words alone.
  if ('error' in readPrivateKey(privateKey, host.name))
    throw new Error(
      `${host.name}: the panel's SSH key for this host cannot be read (keys generated before 2026-12-07 were malformed one time in 256): generate a new key on the host's page and install its public half on the host.`,
    );
  return connectSsh({
    host: host.sshHost,
    port: host.sshPort,
    user: host.sshUser,
    privateKey,
    pinnedHostKey: host.sshHostKey,
  });
}
