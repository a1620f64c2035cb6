import type { HostSettings } from './host-settings';
import type { Transport } from './transport';

// CONTRACT FIRST (implementation follows in this file): see docs/publishing.md.

export interface PublishedFile {
  name: string;
  sha256: string;
  size: number;
  /** False when the live revision held the same bytes (the file was hard-linked, not rewritten or rebuilt). */
  changed: boolean;
  content: string;
}

export interface PublishResult {
  /** The revision now live (`<mapDir>/current -> rev-<N>`). */
  revision: number;
  files: PublishedFile[];
  /** Milliseconds per phase: upload, build, check, swap, reload, prune (and render when the caller adds it). */
  phases: Record<string, number>;
  /** What went wrong after the switch without undoing it (e.g. an old revision that could not be pruned). */
  warnings: string[];
}

export type PublishPhase = 'prepare' | 'upload' | 'build' | 'check' | 'swap' | 'reload' | 'prune';

export class PublishError extends Error {
  override name = 'PublishError';
  constructor(
    readonly phase: PublishPhase | string,
    message: string,
    /** The tool's own error text (stderr and stdout), or the system's message for a file operation. */
    readonly toolOutput: string,
    /** True only when the failure came after the switch (reload): the new revision IS live. */
    readonly swapped = false,
  ) {
    super(message);
  }
}

export interface PublishOptions {
  /** Called when a phase starts (progress for the UI; the fault tests kill the process here). */
  onPhase?: (phase: PublishPhase) => void | Promise<void>;
}

export type PublishFlavor = 'sendmail' | 'postfix';

export async function publish(
  transport: Transport,
  settings: HostSettings,
  flavor: PublishFlavor,
  files: Record<string, string>,
  revision: number,
  options: PublishOptions = {},
): Promise<PublishResult> {
  void transport; void settings; void flavor; void files; void revision; void options;
  throw new PublishError('prepare', 'not implemented yet', '');
}

/** For the drift check: sha256 of each live text file, by name ({} when nothing was ever published). */
export async function liveHashes(transport: Transport, settings: HostSettings): Promise<Record<string, string>> {
  void transport; void settings;
  return {};
}

/** The revision `<mapDir>/current` points at, or null when nothing was published yet. */
export async function liveRevision(transport: Transport, settings: HostSettings): Promise<number | null> {
  void transport; void settings;
  return null;
}
