// A ByteSource over a file: positioned reads through one file handle, never the whole file.
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../core/tensor/files/byteSource';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/**
 * Reads of at least this many bytes (the streaming chunks) are synchronous: a copy from the page
 * cache on the thread that asked, without a hop to libuv's thread pool, whose thread would compete
 * with the two analysing threads for the machine's cores. Header reads stay asynchronous.
 */
const SYNC_READ_BYTES = 1 << 20;
/** …but at least this often a read awaits the event loop, so messages (a cancel) and timers run. */
const YIELD_EVERY_MS = 50;

export async function openFileSource(path: string, name = basename(path)): Promise<FileSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  let lastYield = Date.now();
  const fail = (offset: number) => new Error(`${name}: unexpected end of file at byte ${offset}`);
  return {
    name,
    size,
    async read(offset, length, into) {
      const buf = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      if (length >= SYNC_READ_BYTES && Date.now() - lastYield < YIELD_EVERY_MS) {
        while (done < length) {
          const bytesRead = readSync(handle.fd, buf, done, length - done, offset + done);
          if (bytesRead === 0) throw fail(offset + done);
          done += bytesRead;
        }
        return buf;
      }
      lastYield = Date.now();
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) throw fail(offset + done);
        done += bytesRead;
      }
      return buf;
    },
    close: () => handle.close(),
  };
}
