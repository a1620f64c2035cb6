import type { PublishTarget } from '../data/sync-host-state';
import { resolveHostSettings, type HostSettings } from '../validation/host-settings';
import { sshKeyContext, unseal } from '../crypto/secret-box';
import type { Transport } from './transport';
import { localTransport } from './transports/local';
import { connectSsh } from './transports/ssh';

// From a MailHost row to what the publisher needs: the effective settings and an open transport.

export type HostConnection = Pick<
  PublishTarget,
  'id' | 'name' | 'flavor' | 'transport' | 'mapDir' | 'settings' | 'sshHost' | 'sshPort' | 'sshUser' | 'sshHostKey' | 'sshPrivateKey'
>;

export function hostSettingsOf(host: Pick<HostConnection, 'flavor' | 'mapDir' | 'settings'>): HostSettings {
  return resolveHostSettings(host.flavor, host.mapDir, host.settings);
}

export async function openTransport(host: HostConnection): Promise<Transport> {
  if (host.transport === 'LOCAL') return localTransport();
  if (!host.sshHost || !host.sshUser || !host.sshHostKey)
    throw new Error(`${host.name}: the SSH host, user and pinned host key must be set.`);
  if (!host.sshPrivateKey) throw new Error(`${host.name}: the panel has no SSH key for this host yet; generate one on the host's page.`);
  return connectSsh({
    host: host.sshHost,
    port: host.sshPort,
    user: host.sshUser,
    privateKey: unseal(host.sshPrivateKey, sshKeyContext(host.id)),
    pinnedHostKey: host.sshHostKey,
  });
}
