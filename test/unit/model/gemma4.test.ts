// Gemma 4 / Gemma 4 Unified multimodal wrappers: the towers are optional (vision_config and
// audio_config default to None). Exactness of every tensor against transformers is checked by
// registry.fixtures.test.ts on the generator's "towers" and "towers-small" variations; this file
// checks what those cannot: the FLOPs note follows the towers, the towers add no per-token FLOPs
// (torch's text-only forward of towers-small agrees, see the fixture), and bad tower configs are
// refused with a clear message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardFlops } from '../../../src/core/model/flops';
import { countParameters } from '../../../src/core/model/params';
import { resolveModel } from '../../../src/core/model/registry/registry';
import { ConfigError } from '../../../src/core/model/spec';
import { loadModelCases } from '../../support/modelFixtures';
import { configOf } from '../../support/registryScore';

const caseOf = (type: string, variant: string) => {
  const c = loadModelCases(type, [variant])[0];
  assert.ok(c, `${type} ${variant} fixture`);
  return c;
};

describe('Gemma 4 towers', () => {
  for (const type of ['gemma4', 'gemma4_unified']) {
    it(`${type}: towers only when the config has vision_config / audio_config; the FLOPs note says so`, () => {
      const bare = resolveModel(configOf(caseOf(type, 'default')));
      assert.equal(bare.approximate, false);
      assert.deepEqual(bare.assumptions, []);
      assert.ok(bare.inventory.tensors.every((t) => t.name.startsWith('model.language_model.') || t.name === 'lm_head.weight'));
      const withTowers = configOf(caseOf(type, 'towers-small'));
      const spec = resolveModel(withTowers);
      assert.equal(spec.approximate, false);
      assert.match(spec.assumptions.join(' '), /per text token; the vision .* and audio .* runs once per input/);
      const without = (cfg: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(cfg).filter(([k]) => k !== field));
      const audioOnly = without(withTowers, 'vision_config');
      assert.doesNotMatch(resolveModel(audioOnly).assumptions.join(' '), /vision/);
      // The towers are parameters but run on images and audio, not on text tokens.
      const textOnly = without(audioOnly, 'audio_config');
      const text = resolveModel(textOnly);
      assert.ok(countParameters(spec).total > countParameters(text).total);
      assert.equal(forwardFlops(spec, 32, 'full').total, forwardFlops(text, 32, 'full').total);
    });
  }

  it('gemma4: subsampling_conv_channels must be two positive whole numbers', () => {
    const cfg = configOf(caseOf('gemma4', 'towers-small'));
    const audio = { ...(cfg.audio_config as Record<string, unknown>), subsampling_conv_channels: [16] };
    assert.throws(() => resolveModel({ ...cfg, audio_config: audio }), (e: unknown) => e instanceof ConfigError && /"audio_config\.subsampling_conv_channels" must be two positive whole numbers, got \[16\]/.test(e.message));
  });

  it('gemma4_unified: audio_config may name the frame width hidden_size (a property over audio_embed_dim)', () => {
    const c = caseOf('gemma4_unified', 'towers-small');
    const cfg = configOf(c);
    const want = c.tensors.find((t) => t.name === 'model.embed_audio.embedding_projection.weight')?.shape;
    assert.ok(want, 'transformers built embed_audio');
    const aliased = resolveModel({ ...cfg, audio_config: { hidden_size: 80 } }).inventory.tensors.find((t) => t.name === 'model.embed_audio.embedding_projection.weight')?.shape;
    assert.deepEqual(aliased, want);
  });
});
