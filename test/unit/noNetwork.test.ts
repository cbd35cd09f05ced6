// Model Math never touches the network. Every way Node can reach it is replaced by a trap that
// records the attempt; then every CLI command runs on the samples (the same core the extension
// uses). Webview tests fail on any request that leaves the test page (test/support/webviewHarness.ts),
// and the packaged bundles are scanned for network modules (test/integration/workbench.test.ts).
import assert from 'node:assert/strict';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { evaluateFormula } from '../../src/core/math/evaluate';
import { cli } from '../support/cli';

describe('no network access', () => {
  const attempts: string[] = [];
  const restore: (() => void)[] = [];
  const trap = (obj: object, key: string, what: string) => {
    const o = obj as Record<string, unknown>;
    const original = o[key];
    o[key] = (...args: unknown[]) => {
      attempts.push(`${what}(${JSON.stringify(args[0])?.slice(0, 80) ?? ''})`);
      throw new Error(`network access attempted: ${what}`);
    };
    restore.push(() => (o[key] = original));
  };

  before(() => {
    trap(net, 'connect', 'net.connect');
    trap(net, 'createConnection', 'net.createConnection');
    trap(net.Socket.prototype, 'connect', 'Socket.connect');
    trap(tls, 'connect', 'tls.connect');
    trap(http, 'request', 'http.request');
    trap(http, 'get', 'http.get');
    trap(https, 'request', 'https.request');
    trap(https, 'get', 'https.get');
    trap(dns, 'lookup', 'dns.lookup');
    trap(dns.promises, 'lookup', 'dns.promises.lookup');
    trap(globalThis, 'fetch', 'fetch');
  });
  after(() => restore.forEach((r) => r()));

  it('the traps catch an attempt (so the test below can fail)', () => {
    assert.throws(() => http.get('http://example.com/'), /network access attempted/);
    assert.throws(() => void fetch('https://example.com/'), /network access attempted/);
    assert.equal(attempts.length, 2);
    attempts.length = 0;
  });

  it('every CLI command on the samples', async () => {
    // Formulas in-process (the CLI's eval runs them in the worker thread, built later).
    for (const f of ['\\frac{\\log_{512} n}{\\sqrt{d}}', '7e9 * 2 bytes to GiB', 'alpha_star_cos(512, 128)']) evaluateFormula(f, new Map([['n', 4096], ['d', 64]]));
    const runs: string[][] = [
      ['estimate', 'samples/configs/deepseek-v3.json', '--json'],
      ['estimate', 'samples/configs/llama-2-7b.json', '--gpus', '8', '--zero', '3'],
      ['scale', '--head-dim', '128', '--seq', '8192', '--train-seq', '4096', '--scale', 'log(n)/sqrt(d)', '--json'],
      ['tensor', 'samples/tensors/tiny_model.safetensors', '--json'],
      ['tensor', 'samples/tensors/weight_with_nan.npy'],
      ['tensor', 'samples/tensors/logits.txt'],
      ['formulas', '--json'],
    ];
    for (const argv of runs) {
      const r = await cli(...argv);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    }
    assert.deepEqual(attempts, []);
  });
});
