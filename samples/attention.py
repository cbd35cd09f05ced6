"""Attention variants to check with Model Math (scale diagnostics and hovers)."""
import math

import torch
import torch.nn.functional as F

head_dim = 64  # the head size these examples assume: hovers on a scale use it


def attention_standard(q, k, v):
    # Conventional 1/sqrt(d) scale.
    d = q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    return torch.softmax(scores, dim=-1) @ v


def attention_unscaled(q, k, v):
    # Logits reach softmax with no scale: saturates as d grows.
    scores = torch.matmul(q, k.transpose(-2, -1))
    return torch.softmax(scores, dim=-1) @ v


def attention_logn(q, k, v, n):
    r"""Entropy-invariant attention, kexue.fm/archives/8823.

    The scale is $\frac{\log_{512} n}{\sqrt{d}}$: for $d = 64$ and $n = 4096$ it is
    $\frac{\log_{512} 4096}{\sqrt{64}}$, a third more than $\frac{1}{\sqrt{64}}$.
    """
    d = q.size(-1)
    scale = math.log(max(n, 16)) / math.log(512) / math.sqrt(d)
    return F.scaled_dot_product_attention(q, k, v, scale=scale)


def attention_natural_log(q, k, v, n):
    # Natural-log length scaling without a base: far too large at long n.
    d = q.size(-1)
    scores = torch.einsum("bhqd,bhkd->bhqk", q, k) * math.log(n) / math.sqrt(d)
    return scores.softmax(-1) @ v
