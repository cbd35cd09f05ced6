// A saved document's selection read from its file (src/node/documentFileText.ts): the text must be
// exactly what VS Code's document holds, or undefined so the caller sends the document's text.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readDocumentSlice } from '../../src/node/documentFileText';

const dir = mkdtempSync(join(tmpdir(), 'mm-docfile-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
/** The whole document as VS Code would hold it, and a selection of it by UTF-16 offsets. */
const whole = (doc: string) => ({ length: doc.length, start: 0, end: doc.length });

describe('readDocumentSlice', () => {
  it('returns the selected text by UTF-16 offsets, multi-byte characters included', async () => {
    const doc = '[1, 2]\n# café ≈ 𝔼[x]\n[3.5, -0.0]\n';
    const path = file('utf8.txt', doc);
    const start = doc.indexOf('[3.5');
    assert.equal(await readDocumentSlice(path, { length: doc.length, start, end: doc.length }), '[3.5, -0.0]\n');
    assert.equal(await readDocumentSlice(path, { length: doc.length, start: doc.indexOf('𝔼'), end: doc.indexOf('𝔼') + 2 }), '𝔼');
  });

  it('drops a UTF-8 byte-order mark, as VS Code does when it loads the file', async () => {
    const doc = '1 2 3\n4 5 6\n';
    const path = file('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]));
    assert.equal(await readDocumentSlice(path, whole(doc)), doc);
  });

  it('keeps CRLF line endings when the document has them', async () => {
    const doc = '1, 2\r\n3, 4\r\n';
    assert.equal(await readDocumentSlice(file('crlf.txt', doc), { length: doc.length, start: 6, end: 12 }), '3, 4\r\n');
  });

  it('answers undefined when the file is not the document: normalised line endings, another length, not UTF-8, too big', async () => {
    // Mixed endings: VS Code normalises them on loading, so the document is one character shorter.
    assert.equal(await readDocumentSlice(file('mixed.txt', '1\r\n2\n'), whole('1\n2\n')), undefined);
    assert.equal(await readDocumentSlice(file('edited.txt', '1, 2, 3\n'), whole('1, 2\n')), undefined);
    assert.equal(await readDocumentSlice(file('latin1.txt', Buffer.from([0x31, 0x20, 0xe9, 0x0a])), whole('1 é\n')), undefined);
    assert.equal(await readDocumentSlice(file('big.txt', '1'.repeat(100)), whole('1'.repeat(10))), undefined);
  });

  it('lets a missing file fail with ENOENT (the worker then sends the document text)', async () => {
    await assert.rejects(readDocumentSlice(join(dir, 'absent.txt'), whole('1')), { code: 'ENOENT' });
  });
});
