#!/usr/bin/python3
"""Why a generator misses the FID bar in judge B's space: a fast PyTorch replica of the
judge-B half (with `--judge a`, the judge-A half) of gan/evaluate.ts, for diagnosis between
evaluator runs (about 1 min per model against evaluate.ts's 3-4). The figures that count are evaluate.ts's, on the exported model;
the replica reads the shipped fashion weights at 5.32x where evaluate.ts reads 5.67x (its own
split of the held-out set, float weights of snapshots). Never used in training.

    /usr/bin/python3 gan/torch/judge_probe.py --domain fashion media/gan/fashion
    /usr/bin/python3 gan/torch/judge_probe.py --domain fashion 'gan/checkpoints/torch-fashion-X/snapshots/step-0[5-9]*.pt'

Each argument is an exported model folder (model.json) or a glob of EMA snapshots, averaged
uniformly as `export.py --average-from` does (batch-norm statistics re-estimated). Per model,
on the evaluator's 2,000 latents (class i mod 10):
- the FID as a ratio to the held-out floor (200 held-out images per class against the other half),
  split into the mean term |m1 - m2|^2 and the covariance term, each over the same floor;
- the judge's conditional accuracy;
- with --per-class: per class, the generated features' total variance over the real class's
  (below 1: the samples of a class vary less than real ones do), and k-NN precision / recall
  (Kynkaanniemi et al. 2019, k = 3, 200 against 200): precision, the share of samples inside the
  real class's manifold; recall, the share of real images inside the samples'. The floor's own
  figures are printed first;
  and the FID again with each class's samples moved, as a block, onto the real class's centroid
  (what is left is the within-class shape), with each class's centroid shift over the real class's
  standard deviation (sqrt of its total variance).
"""
import argparse
import glob
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DOMAINS, NUM_CLASSES, generator_from_state, generator_from_tf_weights, load_domain, scale  # noqa: E402
from export import average_states, read_exported, recalibrate_bn  # noqa: E402
from quick_eval import classify as judge_features, eval_latents, fid  # noqa: E402
from train_judge import JudgeB  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


class JudgeA(nn.Module):
    """gan/classifier.ts's judge A (buildClassifier): conv3x3 16 -> pool -> conv3x3 32 -> pool -> dense 128 (the
    features, over the NHWC-flattened 7x7 map) -> dense 10."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 3, padding=1)
        self.c2 = nn.Conv2d(16, 32, 3, padding=1)
        self.features = nn.Linear(32 * 7 * 7, 128)
        self.probs = nn.Linear(128, NUM_CLASSES)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.c1(x)), 2)
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        f = F.relu(self.features(h.permute(0, 2, 3, 1).flatten(1)))
        return self.probs(f), f


def load_judge_a(domain):
    """The committed judge A (gan/classifier/<domain>/, TF layout) as JudgeA."""
    w = read_exported(os.path.join(ROOT, 'gan', 'classifier', domain))
    j = JudgeA()
    t = lambda name: torch.from_numpy(w[name])  # noqa: E731
    with torch.no_grad():
        for conv, name in ((j.c1, 'c_conv1'), (j.c2, 'c_conv2')):
            conv.weight.copy_(t(f'{name}/kernel').permute(3, 2, 0, 1))
            conv.bias.copy_(t(f'{name}/bias'))
        for dense, name in ((j.features, 'features'), (j.probs, 'c_probs')):
            dense.weight.copy_(t(f'{name}/kernel').T)
            dense.bias.copy_(t(f'{name}/bias'))
    return j.eval()


def load_judge(domain):
    """The committed judge B (gan/classifier/<domain>-b/, TF layout) as train_judge.JudgeB."""
    w = read_exported(os.path.join(ROOT, 'gan', 'classifier', f'{domain}-b'))
    j = JudgeB()
    t = lambda name: torch.from_numpy(w[name])  # noqa: E731
    with torch.no_grad():
        for i, (conv, bn) in enumerate(zip(j.convs, j.bns)):
            conv.weight.copy_(t(f'b_conv{i + 1}/kernel').permute(3, 2, 0, 1))
            bn.weight.copy_(t(f'b_bn{i + 1}/gamma'))
            bn.bias.copy_(t(f'b_bn{i + 1}/beta'))
            bn.running_mean.copy_(t(f'b_bn{i + 1}/moving_mean'))
            bn.running_var.copy_(t(f'b_bn{i + 1}/moving_variance'))
        j.probs.weight.copy_(t('b_probs/kernel').T)
        j.probs.bias.copy_(t('b_probs/bias'))
    return j.eval()


def fid_terms(f1, f2):
    """(FID, mean term, covariance term)."""
    mean = float(((f1.mean(0) - f2.mean(0)) ** 2).sum())
    total = fid(f1, f2)
    return total, mean, total - mean


def precision_recall(gen, real, k=3):
    def radius(a):
        d = ((a[:, None] - a[None]) ** 2).sum(-1)
        d.sort(1)
        return d[:, k]
    d = ((gen[:, None] - real[None]) ** 2).sum(-1)
    return float((d <= radius(real)[None]).any(1).mean()), float((d.T <= radius(gen)[None]).any(1).mean())


def load_generator(spec):
    if os.path.isdir(spec):
        g = generator_from_tf_weights(read_exported(spec))
        return g.eval(), spec
    paths = sorted(glob.glob(spec))
    if not paths:
        raise SystemExit(f'no snapshot matches {spec}')
    snapshots = [torch.load(p) for p in paths]
    g = generator_from_state(average_states([s['ema'] for s in snapshots]))
    recalibrate_bn(g, 100, 256, snapshots[-1]['config']['seed'])
    return g.eval(), f'{spec} ({len(paths)} snapshots)'


def per_class(gen_f, gen_lab, real_f, real_lab):
    var, prec, rec = [], [], []
    for c in range(NUM_CLASSES):
        g, r = gen_f[gen_lab == c], real_f[real_lab == c]
        var.append(np.trace(np.cov(g, rowvar=False)) / np.trace(np.cov(r, rowvar=False)))
        p, q = precision_recall(g, r[:len(g)])
        prec.append(p)
        rec.append(q)
    return np.array(var), np.array(prec), np.array(rec)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--domain', choices=DOMAINS, required=True)
    p.add_argument('--per-class', action='store_true')
    p.add_argument('--judge', choices=('a', 'b'), default='b',
                   help="whose feature space: judge B (default) or judge A (gan/classifier/<domain>/; the replica reads "
                        "the shipped fashion weights at 2.75x where evaluate.ts reads 2.57x)")
    p.add_argument('--latent-seed', type=int, default=None,
                   help="other latents than the evaluator's (mixSeed(S, i)): a model picked on the evaluator's "
                        "latents is compared with a new one without that selection's luck")
    p.add_argument('models', nargs='+')
    args = p.parse_args()
    torch.set_num_threads(1)
    _, test = load_domain(args.domain)
    judge = load_judge(args.domain) if args.judge == 'b' else load_judge_a(args.domain)
    rng = np.random.default_rng(5)
    ref_idx, floor_idx = [], []
    for c in range(NUM_CLASSES):
        m = rng.permutation(np.flatnonzero(test[1] == c))
        ref_idx += list(m[:len(m) // 2])
        floor_idx += list(m[len(m) // 2:len(m) // 2 + 200])
    ref_idx, floor_idx = np.array(ref_idx), np.array(floor_idx)
    _, ref_f = judge_features(judge, scale(test[0][ref_idx]))
    _, floor_f = judge_features(judge, scale(test[0][floor_idx]))
    floor = fid_terms(floor_f, ref_f)[0]
    ref_lab, floor_lab = test[1][ref_idx], test[1][floor_idx]
    print(f'{args.domain}: judge {args.judge.upper()} floor FID {floor:.4f} (200 held-out per class against {len(ref_idx)} others)', flush=True)
    if args.per_class:
        var, prec, rec = per_class(floor_f, floor_lab, ref_f, ref_lab)
        print(f'  floor: variance ratio {np.round(var, 2)} (mean {var.mean():.2f}), precision {prec.mean():.3f}, recall {rec.mean():.3f}')
    n = 2000
    labels = np.arange(n) % NUM_CLASSES
    z = eval_latents(n) if args.latent_seed is None else eval_latents(n, args.latent_seed)
    onehot = F.one_hot(torch.from_numpy(labels), NUM_CLASSES).float()
    for spec in args.models:
        g, name = load_generator(spec)
        with torch.no_grad():
            x = g(z, onehot)
        logits, f = judge_features(judge, x)
        total, mean, cov = fid_terms(f, ref_f)
        print(f'{name}: FID {total / floor:.2f}x the floor (mean term {mean / floor:.2f}x, covariance term {cov / floor:.2f}x), '
              f'accuracy {(logits.argmax(1) == labels).mean():.3f}', flush=True)
        if args.per_class:
            var, prec, rec = per_class(f, labels, ref_f, ref_lab)
            print(f'  variance ratio {np.round(var, 2)} (mean {var.mean():.2f}), precision {prec.mean():.3f}, recall {rec.mean():.3f}', flush=True)
            mu_r = np.stack([ref_f[ref_lab == c].mean(0) for c in range(NUM_CLASSES)])
            mu_g = np.stack([f[labels == c].mean(0) for c in range(NUM_CLASSES)])
            sd_r = np.sqrt([np.trace(np.cov(ref_f[ref_lab == c], rowvar=False)) for c in range(NUM_CLASSES)])
            within = fid(f - mu_g[labels] + mu_r[labels], ref_f)
            print(f'  centroids moved onto the real ones: FID {within / floor:.2f}x; centroid shift / real sd '
                  f'{np.round(np.sqrt(((mu_g - mu_r) ** 2).sum(1)) / sd_r, 2)}', flush=True)


if __name__ == '__main__':
    main()
