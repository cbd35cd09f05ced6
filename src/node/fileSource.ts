// A ByteSource over a file: positioned reads through one file handle, never the whole file.
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../core/tensor/files/byteSource';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string, name = basename(path)): Promise<FileSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    name,
    size,
    async read(offset, length, into) {
      const buf = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) throw new Error(`${name}: unexpected end of file at byte ${offset + done}`);
        done += bytesRead;
      }
      return buf;
    },
    close: () => handle.close(),
  };
}
