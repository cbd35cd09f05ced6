// A ByteSource over a file: positioned reads through one file handle, never the whole file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../core/tensor/files/byteSource';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/**
 * Reads of at least this many bytes (the streaming chunks) are synchronous: a copy from the page
 * cache on the thread that asked, without a hop to libuv's thread pool, whose thread would compete
 * with the two analysing threads for the machine's cores. Smaller (header) reads stay asynchronous
 * unless the source is `blocking`.
 */
const SYNC_READ_BYTES = 1 << 20;
/** …but at least this often a read awaits the event loop, so messages (a cancel) and timers run. */
const YIELD_EVERY_MS = 50;

/**
 * `blocking`: every call is synchronous, open and header reads too (the CLI and the tensor worker's
 * threads, which have nothing else to do meanwhile; on a loaded machine each thread-pool hop waited
 * tens of ms for a core). The extension host keeps the default.
 */
export async function openFileSource(path: string, name = basename(path), options: { blocking?: boolean } = {}): Promise<FileSource> {
  const blocking = options.blocking === true;
  let handle: FileHandle | undefined;
  let fd: number;
  let size: number;
  if (blocking) {
    fd = openSync(path, 'r');
    try {
      size = fstatSync(fd).size;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  } else {
    handle = await open(path, 'r');
    fd = handle.fd;
    size = (await handle.stat()).size;
  }
  let lastYield = Date.now();
  const fail = (offset: number) => new Error(`${name}: unexpected end of file at byte ${offset}`);
  return {
    name,
    size,
    async read(offset, length, into) {
      const buf = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      const readNow = () => {
        for (let done = 0; done < length; ) {
          const bytesRead = readSync(fd, buf, done, length - done, offset + done);
          if (bytesRead === 0) throw fail(offset + done);
          done += bytesRead;
        }
        return buf;
      };
      const now = Date.now();
      if ((blocking || length >= SYNC_READ_BYTES) && now - lastYield < YIELD_EVERY_MS) return readNow();
      lastYield = now;
      if (!handle) {
        // A turn of the event loop (messages, timers), then the same synchronous read.
        await new Promise((resolve) => setImmediate(resolve));
        return readNow();
      }
      for (let done = 0; done < length; ) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) throw fail(offset + done);
        done += bytesRead;
      }
      return buf;
    },
    close: async () => {
      if (handle) await handle.close();
      else closeSync(fd);
    },
  };
}
