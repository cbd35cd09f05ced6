// The text of a saved document read from its file in the tensor worker, so checking a huge
// selection costs the extension host no strings at all (decision 0017). VS Code's document and the
// file agree when the document is saved, except where VS Code changed the text on loading: a BOM
// dropped, mixed line endings normalised, a non-UTF-8 encoding decoded. The caller passes the
// document's length; any difference in length or a decoding error means "not the same text", and
// the caller sends the document's own text instead.
import { open } from 'node:fs/promises';

export interface DocumentSlice {
  /** The document's length in UTF-16 code units (offsetAt of its end). */
  readonly length: number;
  /** The selection as document offsets [start, end). */
  readonly start: number;
  readonly end: number;
}

/** The selected text, or undefined when the file's text is not the document's. */
export async function readDocumentSlice(path: string, slice: DocumentSlice): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    // UTF-8 needs at most 3 bytes per UTF-16 code unit, plus a 3-byte BOM: a bigger file cannot
    // hold the document's text (and is not read).
    if (size > slice.length * 3 + 3) return undefined;
    const bytes = new Uint8Array(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(bytes, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read !== size) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a BOM, as VS Code does
    } catch {
      return undefined;
    }
    if (text.length !== slice.length) return undefined;
    return text.slice(slice.start, slice.end);
  } finally {
    await file.close();
  }
}
