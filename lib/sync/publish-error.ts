import { BuildFailure } from './publish-build';
import { TransportError } from '../transport/transport';

// What a failed publish reports: the phase, a sentence, and the tool's (or the system's) own words.

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

/** Any failure inside a phase, as a PublishError of that phase (BuildFailure and TransportError keep their words). */
export function asPublishError(phase: PublishPhase, error: unknown, swapped: boolean): PublishError {
  if (error instanceof PublishError) return error;
  if (error instanceof BuildFailure) return new PublishError(phase, error.message, error.toolOutput, swapped);
  if (error instanceof TransportError) return new PublishError(phase, `${phase}: ${error.operation} failed`, error.message, swapped);
  return new PublishError(
    phase,
    `${phase}: ${(error as Error).message ?? String(error)}`,
    String((error as Error).stack ?? error),
    swapped,
  );
}
