/** Why a host is published: a saved change, a retry after a failure, Sync now, new settings, the drift check. */
export type PublishTrigger = 'change' | 'retry' | 'manual' | 'settings' | 'check';
