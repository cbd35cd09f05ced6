import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTensorText, TensorParseError } from '../../../src/core/tensor/text/parseText';

const parsed = (text: string) => {
  const r = parseTensorText(text);
  return { format: r.format, dtype: r.dtype, shape: r.shape, values: [...r.values], truncated: r.truncated };
};

describe('text tensors', () => {
  const cases: [string, string, ReturnType<typeof parsed>][] = [
    ['JSON', '[[1, 2.5], [3e-2, -4E+1]]', { format: 'json', dtype: 'float64', shape: [2, 2], values: [1, 2.5, 0.03, -40], truncated: false }],
    ['Python list with nan/inf', '[nan, inf, -inf, 1e-3]', { format: 'python', dtype: 'float64', shape: [4], values: [NaN, Infinity, -Infinity, 0.001], truncated: false }],
    ['numpy repr', 'array([[1., 2.],\n       [3., 4.]], dtype=float32)', { format: 'numpy', dtype: 'float32', shape: [2, 2], values: [1, 2, 3, 4], truncated: false }],
    ['numpy repr without dtype (float64)', 'array([1.5, 2.5])', { format: 'numpy', dtype: 'float64', shape: [2], values: [1.5, 2.5], truncated: false }],
    ['numpy int repr', 'array([1, 2, 3])', { format: 'numpy', dtype: 'int64', shape: [3], values: [1, 2, 3], truncated: false }],
    ['numpy str (print)', '[[1. 2.]\n [3. 4.]]', { format: 'python', dtype: 'float64', shape: [2, 2], values: [1, 2, 3, 4], truncated: false }],
    ['numpy summarised', 'array([0.1, 0.2, 0.3, ..., 0.7, 0.8, 0.9])', { format: 'numpy', dtype: 'float64', shape: [6], values: [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], truncated: true }],
    ['torch repr', "tensor([[ 1.2500e+00, -3.0000e+00],\n        [ 2.0000e-08,         nan]], device='cuda:0',\n       dtype=torch.float16, grad_fn=<AddBackward0>)", { format: 'torch', dtype: 'float16', shape: [2, 2], values: [1.25, -3, 2e-8, NaN], truncated: false }],
    ['torch default float32', 'tensor([0.5000, 1.0000], requires_grad=True)', { format: 'torch', dtype: 'float32', shape: [2], values: [0.5, 1], truncated: false }],
    ['torch scalar', 'tensor(3.5000)', { format: 'torch', dtype: 'float32', shape: [], values: [3.5], truncated: false }],
    ['JAX', 'Array([1., 2.], dtype=bfloat16)', { format: 'jax', dtype: 'bfloat16', shape: [2], values: [1, 2], truncated: false }],
    ['TensorFlow', '<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>', { format: 'tensorflow', dtype: 'float32', shape: [2, 2], values: [1, 2, 3, 4], truncated: false }],
    ['CSV with header', 'a,b\n1,2\n3,4\n', { format: 'csv', dtype: 'float64', shape: [2, 2], values: [1, 2, 3, 4], truncated: false }],
    ['TSV', '1\t2\n3\t4', { format: 'tsv', dtype: 'float64', shape: [2, 2], values: [1, 2, 3, 4], truncated: false }],
    ['whitespace', ' 1  2 3\n4 5   6 ', { format: 'whitespace', dtype: 'float64', shape: [2, 3], values: [1, 2, 3, 4, 5, 6], truncated: false }],
    ['MATLAB', '[1 2; 3 4]', { format: 'matlab', dtype: 'float64', shape: [2, 2], values: [1, 2, 3, 4], truncated: false }],
    ['booleans', '[True, False, True]', { format: 'python', dtype: 'bool', shape: [3], values: [1, 0, 1], truncated: false }],
    ['a pasted log line with a comment and a prompt', '# logits\n>>> x\narray([1., 2.])', { format: 'numpy', dtype: 'float64', shape: [2], values: [1, 2], truncated: false }],
  ];
  for (const [what, text, expected] of cases) it(what, () => assert.deepEqual(parsed(text), expected));

  const errors: [string, string, RegExp][] = [
    ['ragged lists', '[[1, 2], [3]]', /ragged: this list has 1 element where the first list at depth 2 had 2 \(line 1, column 12\)/],
    ['mixed depth', '[1, [2]]', /ragged: a list where the other elements at this depth are numbers \(line 1, column 5\)/],
    ['non-numeric', '[1, 2,\n abc]', /unexpected 'abc': expected a number, nan or inf \(line 2, column 2\)/],
    ['unbalanced', '[1, 2', /missing '\]' \(1 bracket still open\)/],
    ['ragged CSV', '1,2\n3', /ragged: line 2 has 1 value where the first row had 2/],
    ['ragged MATLAB', '[1 2; 3]', /ragged: row 2 has 1 value where row 1 had 2/],
    ['complex', '[1+2j]', /complex values are not supported/],
    ['unknown dtype', 'array([1, 2], dtype=complex64)', /unknown dtype 'complex64'/],
    ['trailing text', '[[1,2],[3,4]] x', /unexpected text after the closing bracket \(line 1, column 15\)/],
    ['empty', '   ', /empty/],
    ['too deep', '['.repeat(40) + ']'.repeat(40), /nested deeper than 32 levels/],
  ];
  for (const [what, text, pattern] of errors) {
    it(`error: ${what}`, () => assert.throws(() => parseTensorText(text), (e: unknown) => e instanceof TensorParseError && pattern.test(e.message)));
  }

  it('the JSON fast path and the scanner agree', () => {
    const text = JSON.stringify([[1.5, -2, 3e-7], [4, 5.25, -6e10]]);
    const fast = parseTensorText(text);
    const slow = parseTensorText(text.replace(/,/g, ' ,'), 'python');
    assert.deepEqual([...fast.values], [...slow.values]);
    assert.deepEqual(fast.shape, slow.shape);
  });

  it('refuses more values than the limit, saying which setting raises it', () => {
    assert.throws(() => parseTensorText('[1 2 3 4 5]', 'python', { maxElements: 3 }), /more than 3 values/);
  });
});
