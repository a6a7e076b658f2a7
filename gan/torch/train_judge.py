#!/usr/bin/python3
"""Trains the evaluator's SECOND judge (feature space B) with PyTorch and writes
its weights for `import_judge.ts`, which saves it as a TF.js layers model under
`gan/classifier/<domain>-b/` beside judge A (`gan/classifier/<domain>/`).

    /usr/bin/python3 gan/torch/train_judge.py --domain digits
    npx tsx gan/torch/import_judge.ts --weights gan/checkpoints/judge-b-digits --out gan/classifier/digits-b

Built differently from judge A on purpose, so that a generator tuned to one
feature space does not pass both by accident:

| | judge A (`gan/classifier.ts`, TF.js) | judge B (this file) |
|---|---|---|
| layers | conv 16 → pool → conv 32 → pool → dense 128 → dense 10 | (conv 24 BN ReLU) ×2 → pool → (conv 48 BN ReLU) ×2 → pool → conv 128 BN ReLU → global average pool → dense 10 |
| features | dense 128 (ReLU) over the flattened 7×7 map | the 128 global-average-pooled channels (as Inception's pool3) |
| training | Adam 1e-3, 3 epochs, seed 7, all training images | SGD + Nesterov momentum 0.9, lr 0.05 cosine, `--epochs` epochs, seed 11, random shifts of up to 2 px (one per eighth of a batch), on the training images less a held-out tenth (seeded) |

The architecture is `buildJudgeB` of `gan/classifier.ts` layer for layer
(NHWC-faithful: 'same' 3×3 convolutions with padding 1, 2×2 max pools, TF batch
norm epsilon 1e-3). Every weight goes out in TF layout: conv kernel [kh, kw, in,
out], dense kernel [in, out], batch norm gamma, beta, moving mean, moving variance.
`reference.json` holds the probabilities and features of 16 test images, which
import_judge.ts compares with TF.js's (the two must agree within 1e-3).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DOMAINS, NUM_CLASSES, REPO_ROOT, load_domain, scale  # noqa: E402

WIDTHS = (24, 24, 48, 48, 128)


class JudgeB(nn.Module):
    def __init__(self):
        super().__init__()
        convs, bns = [], []
        cin = 1
        for c in WIDTHS:
            convs.append(nn.Conv2d(cin, c, 3, padding=1, bias=False))
            bns.append(nn.BatchNorm2d(c, eps=1e-3, momentum=0.05))
            cin = c
        self.convs = nn.ModuleList(convs)
        self.bns = nn.ModuleList(bns)
        self.probs = nn.Linear(WIDTHS[-1], NUM_CLASSES)

    def forward(self, x):
        h = x
        for i, (conv, bn) in enumerate(zip(self.convs, self.bns)):
            h = F.relu(bn(conv(h)))
            if i in (1, 3):
                h = F.max_pool2d(h, 2)
        f = h.mean((2, 3))
        return self.probs(f), f


def tf_layers(model):
    f32 = lambda t: t.detach().cpu().numpy().astype(np.float32)  # noqa: E731
    out = []
    for i, (conv, bn) in enumerate(zip(model.convs, model.bns)):
        out.append((f'b_conv{i + 1}', [f32(conv.weight).transpose(2, 3, 1, 0).copy()]))
        out.append((f'b_bn{i + 1}', [f32(bn.weight), f32(bn.bias), f32(bn.running_mean), f32(bn.running_var)]))
    out.append(('b_probs', [f32(model.probs.weight).T.copy(), f32(model.probs.bias)]))
    return out


def shift(x, rng, groups=8):
    """Random shifts of up to 2 px (padding = background, -1), one offset per eighth of the batch."""
    padded = F.pad(x, (2, 2, 2, 2), value=-1.0)
    parts = []
    for chunk in torch.chunk(torch.arange(x.shape[0]), groups):
        dx, dy = rng.integers(0, 5, 2)
        parts.append(padded[chunk, :, dy:dy + 28, dx:dx + 28])
    return torch.cat(parts)


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for at in range(0, len(y), 1000):
            correct += (model(x[at:at + 1000])[0].argmax(1) == y[at:at + 1000]).sum().item()
    return correct / len(y)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--domain', choices=DOMAINS, required=True)
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--seed', type=int, default=11)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--out', default=None, help='default gan/checkpoints/judge-b-<domain>')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    out = args.out or os.path.join(REPO_ROOT, 'gan', 'checkpoints', f'judge-b-{args.domain}')
    os.makedirs(out, exist_ok=True)

    (train_x, train_y), (test_x, test_y) = load_domain(args.domain)
    order = rng.permutation(len(train_y))
    held = order[: len(order) // 10]
    fit = order[len(order) // 10:]
    x_all, y_all = scale(train_x), torch.from_numpy(train_y.astype(np.int64))
    x_fit, y_fit = x_all[fit], y_all[fit]
    x_held, y_held = x_all[held], y_all[held]
    x_test, y_test = scale(test_x), torch.from_numpy(test_y.astype(np.int64))

    model = JudgeB()
    steps_per_epoch = len(y_fit) // args.batch_size
    total = steps_per_epoch * args.epochs
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + np.cos(np.pi * min(s, total) / total)))
    started = time.time()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        perm = torch.from_numpy(rng.permutation(len(y_fit)))
        for b in range(steps_per_epoch):
            idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
            loss = F.cross_entropy(model(shift(x_fit[idx], rng))[0], y_fit[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                print(f'epoch {epoch + 1} step {step}/{total} loss {loss.item():.4f} ({time.time() - started:.0f} s)', flush=True)
        print(f'epoch {epoch + 1}: held-out tenth of training {accuracy(model, x_held, y_held):.4f}', flush=True)
    model.eval()
    test_acc = accuracy(model, x_test, y_test)
    print(f'test accuracy {test_acc:.4f} ({time.time() - started:.0f} s)', flush=True)

    layers = tf_layers(model)
    with open(os.path.join(out, 'weights.bin'), 'wb') as f:
        for _, arrays in layers:
            for a in arrays:
                f.write(np.ascontiguousarray(a, dtype='<f4').tobytes())
    pick = list(range(0, len(y_test), len(y_test) // 16))[:16]
    with torch.no_grad():
        logits, feats = model(x_test[pick])
    manifest = {
        'domain': args.domain, 'judge': 'B', 'epochs': args.epochs, 'batchSize': args.batch_size, 'seed': args.seed,
        'testAccuracy': test_acc, 'torch': torch.__version__,
        'command': f'/usr/bin/python3 gan/torch/train_judge.py --domain {args.domain} --epochs {args.epochs} --seed {args.seed}',
        'layers': [{'name': n, 'shapes': [list(a.shape) for a in arrays]} for n, arrays in layers],
    }
    with open(os.path.join(out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(out, 'reference.json'), 'w') as f:
        json.dump({'testIndices': pick, 'probs': F.softmax(logits, 1).tolist(), 'features': feats.tolist()}, f)
    print(f'wrote {out}', flush=True)


if __name__ == '__main__':
    main()
