#!/usr/bin/python3
"""A fast PyTorch proxy of gan/evaluate.ts, to track quality against
steps while training and to pick snapshots worth exporting. The figures that
count are the TypeScript evaluator's, on the exported model.

    /usr/bin/python3 gan/torch/quick_eval.py --domain digits              # every snapshot not yet measured
    /usr/bin/python3 gan/torch/quick_eval.py --domain digits --snapshot PATH

A classifier with the evaluator's architecture (conv3×3 16 → pool → conv3×3 32
→ pool → dense 128 → dense 10) is trained once (2 epochs, seed 7) and cached in
the checkpoint folder. Per snapshot (BN statistics re-estimated as export.py
does), on 2,000 samples (class i mod 10): conditional accuracy, FID in the
128-d features against the test set, min class share, intra-class diversity
(mean pairwise L2) as a ratio to real training images, memorization (as
evaluate.ts, on the evaluator's own latents). Appends to
`quality.tsv` in the checkpoint folder.
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    DOMAINS, NUM_CLASSES, checkpoint_dir, generator_from_state, latent_from_seed, load_domain, mix_seed, scale,
)
from export import recalibrate_bn  # noqa: E402


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 3, padding=1)
        self.c2 = nn.Conv2d(16, 32, 3, padding=1)
        self.features = nn.Linear(32 * 7 * 7, 128)
        self.probs = nn.Linear(128, NUM_CLASSES)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.c1(x)), 2)
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        f = F.relu(self.features(h.flatten(1)))
        return self.probs(f), f


def get_classifier(domain, train, test):
    path = os.path.join(checkpoint_dir(domain), 'proxy-classifier.pt')
    c = Classifier()
    if os.path.exists(path):
        c.load_state_dict(torch.load(path))
    else:
        torch.manual_seed(7)
        c = Classifier()
        opt = torch.optim.Adam(c.parameters(), 1e-3)
        x, y = scale(train[0]), torch.from_numpy(train[1].astype(np.int64))
        for epoch in range(2):
            order = torch.randperm(len(y))
            for at in range(0, len(y) - 127, 128):
                idx = order[at:at + 128]
                loss = F.cross_entropy(c(x[idx])[0], y[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
        torch.save(c.state_dict(), path)
    c.eval()
    return c


def classify(c, x):
    logits, feats = [], []
    with torch.no_grad():
        for at in range(0, len(x), 500):
            lo, fe = c(x[at:at + 500])
            logits.append(lo)
            feats.append(fe)
    return torch.cat(logits).numpy(), torch.cat(feats).numpy().astype(np.float64)


def fid(f1, f2):
    m1, m2 = f1.mean(0), f2.mean(0)
    c1, c2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    # trace sqrt(c1 c2) via the eigenvalues of sqrt(c1) c2 sqrt(c1)
    w, v = np.linalg.eigh(c1)
    s1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    ev = np.linalg.eigvalsh(s1 @ c2 @ s1)
    return float(((m1 - m2) ** 2).sum() + np.trace(c1) + np.trace(c2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum())


def diversity_l2(x, labels, per_class=100):
    out = []
    for c in range(NUM_CLASSES):
        m = x[labels == c][:per_class].reshape(-1, 784)
        d = torch.cdist(m, m)
        k = len(m)
        out.append(float(d.sum() / (k * (k - 1))))
    return float(np.mean(out))


def _ssim_prep(x):
    px = ((x.reshape(-1, 1, 28, 28).double() + 1) / 2)
    return px, F.avg_pool2d(px, 7, 1), F.avg_pool2d(px * px, 7, 1)


def ssim(a, b):
    """Mean SSIM as metrics.ts (7×7 uniform window, data range 1, sample covariance) of matching rows of a and b."""
    (pa, ma, sa), (pb, mb, sb) = _ssim_prep(a), _ssim_prep(b)
    norm = 49 / 48
    va, vb = (sa - ma * ma) * norm, (sb - mb * mb) * norm
    cov = (F.avg_pool2d(pa * pb, 7, 1) - ma * mb) * norm
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    m = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return m.flatten(1).mean(1)


def memorization(x, labels, train):
    """Share of samples whose SSIM to one of the 5 L2-nearest training images of their class exceeds 0.9 (as evaluate.ts)."""
    hits = 0
    for c in range(NUM_CLASSES):
        q = x[torch.from_numpy(labels == c)].reshape(-1, 784)
        t = scale(train[0][train[1] == c]).reshape(-1, 784)
        nn_idx = torch.cdist(q, t).topk(5, largest=False).indices
        best = torch.stack([ssim(q, t[nn_idx[:, k]]) for k in range(5)], 1).max(1).values
        hits += int((best > 0.9).sum())
    return hits / len(labels)


def holdout_control(x, labels, train, test, per_class=1000):
    """The memorization figure against equal-sized pools of training and of held-out test images
    (the same number per class, at most 1000): a generator that copies its training data scores higher against the
    training pool; one that draws new images of the same kind scores the same against both."""
    out = {}
    k = [min(per_class, int((test[1] == c).sum())) for c in range(NUM_CLASSES)]
    for name, (imgs, labs) in (('train', train), ('test', test)):
        keep = np.concatenate([np.flatnonzero(labs == c)[:k[c]] for c in range(NUM_CLASSES)])
        out[name] = memorization(x, labels, (imgs[keep], labs[keep]))
    return out


def eval_latents(n, seed=20240601):
    """The evaluator's latents: latentFromSeed(mixSeed(EVAL_SEED, i))."""
    return torch.from_numpy(np.stack([latent_from_seed(mix_seed(seed, i)) for i in range(n)]))


def measure(g, c, test_feats, real_div, train, n=2000, test=None):
    labels = np.arange(n) % NUM_CLASSES
    z = eval_latents(n)
    with torch.no_grad():
        x = g(z, F.one_hot(torch.from_numpy(labels), NUM_CLASSES).float())
    logits, feats = classify(c, x)
    pred = logits.argmax(1)
    shares = np.bincount(pred, minlength=NUM_CLASSES) / n
    return {
        'accuracy': float((pred == labels).mean()),
        'fid': fid(feats, test_feats),
        'min_share': float(shares.min()),
        'diversity': diversity_l2(x, labels) / real_div,
        'memorization': memorization(x, labels, train),
        **({'holdout': holdout_control(x, labels, train, test)} if test is not None else {}),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--domain', choices=DOMAINS, required=True)
    p.add_argument('--snapshot', action='append')
    p.add_argument('--bn-batches', type=int, default=100)
    p.add_argument('--all', action='store_true', help='measure snapshots already in quality.tsv again')
    p.add_argument('--holdout-control', action='store_true', help='memorization against equal train and test pools')
    p.add_argument('--compare-ema-bn', action='store_true', help='also measure with the EMA of the moving statistics')
    args = p.parse_args()
    torch.set_num_threads(1)
    train, test = load_domain(args.domain)
    c = get_classifier(args.domain, train, test)
    tx = scale(test[0])
    tl, test_feats = classify(c, tx)
    test_acc = float((tl.argmax(1) == test[1]).mean())
    rng = np.random.default_rng(1)
    ridx = np.concatenate([np.flatnonzero(train[1] == k)[:100] for k in range(NUM_CLASSES)])
    real_x = scale(train[0][ridx])
    real_div = diversity_l2(real_x, train[1][ridx])
    _, real_feats = classify(c, scale(train[0][rng.integers(0, len(train[1]), 2000)]))
    print(f'{args.domain}: proxy classifier test accuracy {test_acc:.4f}; real-vs-test FID floor {fid(real_feats, test_feats):.2f}', flush=True)
    tsv = os.path.join(checkpoint_dir(args.domain), 'quality.tsv')
    done = set()
    if os.path.exists(tsv):
        done = {line.split('\t')[0] for line in open(tsv, encoding='utf8')}
    snaps = args.snapshot or sorted(glob.glob(os.path.join(checkpoint_dir(args.domain), 'snapshots', 'step-*.pt')))
    for s in snaps:
        name = os.path.basename(s)
        if name in done and not args.all and not args.snapshot:
            continue
        ck = torch.load(s)
        g = generator_from_state(ck['ema'])
        g.eval()
        t0 = time.time()
        raw = measure(g, c, test_feats, real_div, train) if args.compare_ema_bn else None
        recalibrate_bn(g, args.bn_batches, 256, ck['config']['seed'])
        cal = measure(g, c, test_feats, real_div, train, test=test if args.holdout_control else None)
        line = (f'{name}\tstep {ck["step"]}\tacc {cal["accuracy"]:.4f}\tfid {cal["fid"]:.2f}\tmin_share {cal["min_share"]:.3f}'
                f'\tdiv {cal["diversity"]:.3f}\tmemo {cal["memorization"]:.4f}'
                + (f'\tmemo vs 1000/class train {cal["holdout"]["train"]:.4f} / test {cal["holdout"]["test"]:.4f}' if 'holdout' in cal else '')
                + (f'\t| ema-bn: acc {raw["accuracy"]:.4f} fid {raw["fid"]:.2f}' if raw else ''))
        print(line + f'\t({time.time() - t0:.0f} s)', flush=True)
        with open(tsv, 'a', encoding='utf8') as f:
            f.write(line + '\t' + json.dumps({'recalibrated': cal, 'ema_bn': raw}) + '\n')


if __name__ == '__main__':
    main()
