// .npy strictness numpy itself applies (numpy.lib.format): versions 1.0, 2.0, 3.0 only, and a header
// dict with exactly descr, fortran_order and shape; .npz members whose CRC-32 does not match are
// refused, as numpy's zipfile refuses them (BadZipFile: Bad CRC-32).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memorySource } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { f32, f64, npyBytes, npzBytes } from '../../support/tensorBytes';

const open = (b: Uint8Array) => inspectTensorFile(memorySource(b, 'x.npy'));

describe('.npy strictness', () => {
  it('minor versions other than 0 are refused', async () => {
    const b = npyBytes('<f4', [2], f32([1, 2]));
    b[7] = 1;
    await assert.rejects(open(b), /\.npy format version 1\.1 is not one of 1\.0, 2\.0, 3\.0/);
  });
  it('an extra key in the header dict is refused; the three keys alone are read', async () => {
    const good = npyBytes('<f4', [2], f32([1, 2]));
    assert.equal((await open(good)).entries[0]?.count, 2);
    const text = new TextDecoder('latin1').decode(good);
    const bad = new Uint8Array([...text.replace("'shape': (2,), }", "'shape': (2,), 'x': 1}")].map((c) => c.charCodeAt(0)));
    await assert.rejects(open(bad), /unexpected key 'x'/);
  });
  it('major versions other than 1, 2, 3 are refused (0.0, 4.0, 255.0)', async () => {
    for (const major of [0, 4, 255]) {
      const b = npyBytes('<f4', [2], f32([1, 2]));
      b[6] = major;
      await assert.rejects(open(b), new RegExp(`\\.npy format version ${major}\\.0 is not one of 1\\.0, 2\\.0, 3\\.0`));
    }
  });
  it('a missing key is refused', async () => {
    const text = new TextDecoder('latin1').decode(npyBytes('<f4', [2], f32([1, 2])));
    const bad = new Uint8Array([...text.replace("'fortran_order': False, ", "'fortran_orde': False, ")].map((c) => c.charCodeAt(0)));
    await assert.rejects(open(bad), /unexpected key 'fortran_orde'|lacks 'fortran_order'/);
  });
});

describe('.npz CRC-32', () => {
  const openNpz = (b: Uint8Array) => inspectTensorFile(memorySource(b, 'x.npz'));
  const members = () => ({ a: npyBytes('<f4', [3], f32([1, 2, 3])), b: npyBytes('<f8', [2, 2], f64([4, 1, 2, 3])) });
  /** Offset of the first central-directory entry's CRC field. */
  const cdCrc = (b: Uint8Array) => {
    for (let i = b.length - 22; i >= 0; i--) if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 1 && b[i + 3] === 2) {
      let first = i;
      for (let j = i; j >= 0; j--) if (b[j] === 0x50 && b[j + 1] === 0x4b && b[j + 2] === 1 && b[j + 3] === 2) first = j;
      return first + 16;
    }
    throw new Error('no central directory');
  };
  it('intact archives (stored and deflated) open', async () => {
    for (const level of [0, 6] as const) assert.equal((await openNpz(npzBytes(members(), level))).entries.length, 2);
  });
  it('a changed data byte in a stored member is a CRC-32 mismatch naming the member', async () => {
    const b = npzBytes(members(), 0);
    const text = new TextDecoder('latin1').decode(b);
    const at = text.indexOf('\x93NUMPY') + 128 + 4; // member a's second float32 (its .npy header is 128 bytes)
    b[at] = (b[at] as number) ^ 0xff;
    await assert.rejects(openNpz(b), /member 'a\.npy': CRC-32 mismatch \(the zip says [0-9a-f]{8}, the data gives [0-9a-f]{8}\): the file is corrupt/);
  });
  it('a deflated member whose CRC-32 in the central directory differs is refused', async () => {
    const b = npzBytes(members(), 6);
    const at = cdCrc(b);
    b[at] = (b[at] as number) ^ 1;
    await assert.rejects(openNpz(b), /member 'a\.npy': CRC-32 mismatch/);
  });
});
