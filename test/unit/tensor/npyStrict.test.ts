// .npy strictness numpy itself applies (numpy.lib.format): versions 1.0, 2.0, 3.0 only, and a header
// dict with exactly descr, fortran_order and shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memorySource } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { f32, npyBytes } from '../../support/tensorBytes';

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
  it('a missing key is refused', async () => {
    const text = new TextDecoder('latin1').decode(npyBytes('<f4', [2], f32([1, 2])));
    const bad = new Uint8Array([...text.replace("'fortran_order': False, ", "'fortran_orde': False, ")].map((c) => c.charCodeAt(0)));
    await assert.rejects(open(bad), /unexpected key 'fortran_orde'|lacks 'fortran_order'/);
  });
});
