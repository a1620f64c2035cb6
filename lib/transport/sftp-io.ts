import type { SFTPWrapper } from 'ssh2';
import type { WriteOptions } from './transport';

// Whole-file reads and writes over SFTP with several requests in flight (one request per round trip would
// make a 40 MB map take minutes on a distant host).

const CHUNK = 64 * 1024;
const IN_FLIGHT = 32;

export function sftpCall<T>(start: (cb: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

export async function writeAll(sftp: SFTPWrapper, path: string, data: Buffer, opts: WriteOptions): Promise<void> {
  const handle = await sftpCall<Buffer>((cb) => sftp.open(path, 'wx', { mode: opts.mode ?? 0o644 }, cb));
  let failure: Error | undefined;
  try {
    let offset = 0;
    const lane = async () => {
      while (offset < data.length && !failure) {
        const start = offset;
        const length = Math.min(CHUNK, data.length - start);
        offset += length;
        await sftpCall<void>((cb) => sftp.write(handle, data, start, length, start, cb));
      }
    };
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, () =>
        lane().catch((error: Error) => {
          failure ??= error;
        }),
      ),
    );
    if (failure) throw failure;
    // The server's umask narrowed the mode at open: set it exactly; a group needs the owner's uid too.
    await sftpCall<void>((cb) => sftp.fchmod(handle, opts.mode ?? 0o644, cb));
    if (opts.gid !== undefined) {
      const attrs = await sftpCall<{ uid: number }>((cb) => sftp.fstat(handle, cb));
      await sftpCall<void>((cb) => sftp.fchown(handle, attrs.uid, opts.gid as number, cb));
    }
    await sftpCall<unknown>((cb) => sftp.ext_openssh_fsync(handle, cb));
    if (opts.mtime) await sftpCall<void>((cb) => sftp.futimes(handle, opts.mtime as Date, opts.mtime as Date, cb));
  } finally {
    await sftpCall<void>((cb) => sftp.close(handle, cb)).catch((error: Error) => {
      failure ??= error;
    });
  }
  if (failure) throw failure;
}

export async function readAll(sftp: SFTPWrapper, path: string): Promise<Buffer> {
  const handle = await sftpCall<Buffer>((cb) => sftp.open(path, 'r', cb));
  try {
    const { size } = await sftpCall<{ size: number }>((cb) => sftp.fstat(handle, cb));
    const buffer = Buffer.alloc(size);
    let offset = 0;
    let end = size;
    const lane = async () => {
      while (offset < end) {
        const start = offset;
        const length = Math.min(CHUNK, end - start);
        offset += length;
        const read = await sftpCall<number>((cb) => sftp.read(handle, buffer, start, length, start, (error, bytes) => cb(error, bytes)));
        if (read < length) end = Math.min(end, start + read); // the file shrank meanwhile
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    // A file that grew after fstat: read the rest one chunk at a time.
    const rest: Buffer[] = [];
    for (let position = end; ;) {
      const chunk = Buffer.alloc(CHUNK);
      const read = await sftpCall<number>((cb) => sftp.read(handle, chunk, 0, CHUNK, position, (error, bytes) => cb(error, bytes))).catch(
        () => 0,
      );
      if (read <= 0) break;
      rest.push(chunk.subarray(0, read));
      position += read;
    }
    return Buffer.concat([buffer.subarray(0, end), ...rest]);
  } finally {
    await sftpCall<void>((cb) => sftp.close(handle, cb)).catch(() => undefined);
  }
}
