// A ByteSource over a file: positioned reads through one file descriptor, never the whole file.
import { close, closeSync, fstat, fstatSync, open, openSync, read, readSync } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import type { ByteSource } from '../core/tensor/files/byteSource';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/**
 * Reads below this many bytes (headers, tables) are synchronous on a `blocking` source. Streaming
 * chunks always go through libuv's thread pool: the next chunk is copied there while this thread
 * counts the current one, which measured faster on the loaded 2-core machine than reading them
 * synchronously (decision 0020).
 */
const SYNC_READ_BYTES = 1 << 20;

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const closeAsync = promisify(close);
const readAsync = (fd: number, buf: Uint8Array, at: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) => read(fd, buf, at, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))));

/**
 * `blocking`: open, stat and header reads are synchronous (the CLI and the tensor worker's
 * threads, which have nothing else to do meanwhile; on a loaded machine each thread-pool hop
 * waited for a core). The extension host keeps them asynchronous.
 */
export async function openFileSource(path: string, name = basename(path), options: { blocking?: boolean } = {}): Promise<FileSource> {
  const blocking = options.blocking === true;
  const fd = blocking ? openSync(path, 'r') : await openAsync(path, 'r');
  let size: number;
  try {
    size = (blocking ? fstatSync(fd) : await fstatAsync(fd)).size;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const fail = (offset: number) => new Error(`${name}: unexpected end of file at byte ${offset}`);
  return {
    name,
    size,
    async read(offset, length, into) {
      const buf = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      const sync = blocking && length < SYNC_READ_BYTES;
      for (let done = 0; done < length; ) {
        const bytesRead = sync ? readSync(fd, buf, done, length - done, offset + done) : await readAsync(fd, buf, done, length - done, offset + done);
        if (bytesRead === 0) throw fail(offset + done);
        done += bytesRead;
      }
      return buf;
    },
    close: () => (blocking ? Promise.resolve(closeSync(fd)) : closeAsync(fd)),
  };
}
