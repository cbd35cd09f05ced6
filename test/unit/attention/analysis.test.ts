// Verdicts on scales whose behaviour the articles describe (kexue.fm 8620, 8823, 9812).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChoice, defaultLengths } from '../../../src/core/attention/analysis';
import { builtinChoice, type ScaleChoice } from '../../../src/core/attention/choices';
import { alphaStarNormal } from '../../../src/core/attention/alphaStar';

const choice = (id: Parameters<typeof builtinChoice>[0], d = 64, trainLength?: number): ScaleChoice => {
  const c = builtinChoice(id, { d, ...(trainLength ? { trainLength } : {}) });
  assert.ok(c, `choice ${id}`);
  return c;
};
const ids = (a: ReturnType<typeof analyzeChoice>) => a.verdicts.map((v) => v.id).sort();

describe('scale verdicts', () => {
  it('1/√d is healthy from 16 to 4096 keys', () => {
    const a = analyzeChoice(choice('standard'), { d: 64, lengths: defaultLengths(4096) });
    assert.deepEqual(ids(a), ['healthy']);
    assert.ok(a.points.every((p) => p.alpha === 1));
  });

  it('ln(n)/√d (no base) is concentrated at long n and named once, as the natural-log pitfall', () => {
    const a = analyzeChoice(choice('natural_log'), { d: 64, lengths: defaultLengths(8192) });
    assert.ok(ids(a).includes('natural_log') && !ids(a).includes('saturated') && !ids(a).includes('concentrated'), JSON.stringify(ids(a)));
    assert.ok(a.points.some((p) => p.state === 'concentrated'));
    assert.match(a.verdicts.find((v) => v.id === 'natural_log')?.message ?? '', /far too large at long n/);
  });

  it('1/d is near-uniform at every length and mentions μP', () => {
    const oneOverD: ScaleChoice = { ...choice('standard'), id: 'custom', scale: () => 1 / 64 };
    const a = analyzeChoice(oneOverD, { d: 64, lengths: defaultLengths(4096) });
    const v = a.verdicts.find((x) => x.id === 'near_uniform');
    assert.ok(v && /every length/.test(v.message) && /μP/.test(v.message), v?.message);
  });

  it('a fixed scale drifts past the training length; the log-n variants are length-dependent and do not get that verdict', () => {
    const lengths = defaultLengths(16_384);
    assert.ok(ids(analyzeChoice(choice('standard', 64, 1024), { d: 64, lengths, trainLength: 1024 })).includes('length_drift'));
    assert.ok(!ids(analyzeChoice(choice('log_n_factor', 64, 1024), { d: 64, lengths, trainLength: 1024 })).includes('length_drift'));
    // Within the training length a fixed scale is fine.
    assert.ok(!ids(analyzeChoice(choice('standard', 64, 1024), { d: 64, lengths: defaultLengths(1024), trainLength: 1024 })).includes('length_drift'));
  });

  it('reports α* at n (encoders) and at n/2 (decoders)', () => {
    const enc = analyzeChoice(choice('standard'), { d: 64, lengths: [1024] });
    const dec = analyzeChoice(choice('standard'), { d: 64, lengths: [1024], causal: true });
    assert.equal(enc.points[0]?.alphaStar, alphaStarNormal(1024));
    assert.equal(dec.points[0]?.alphaStar, alphaStarNormal(512));
  });

  it('lengths: powers of two from 16 up to the maximum', () => assert.deepEqual(defaultLengths(100), [16, 32, 64, 100]));
});
