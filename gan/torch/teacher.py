#!/usr/bin/python3
"""The training-only feature network ("teacher") of the moment-matching term of
train.py (`--moment-matching W`), and that term.

    /usr/bin/python3 gan/torch/teacher.py --domain fashion      # trains it once (cached, seeded)

Why: the discriminator alone moves the generator's feature statistics slowly on
this machine's CPU (README.md, "Recipes tried"). A direct, unbiased estimate of
how far the generator's class-conditional feature distribution is from the real
one gives the generator a gradient towards the real statistics at every step:
the generative moment-matching idea (Li, Swersky & Zemel 2015; Dziugaite, Roy &
Ghahramani 2015) with the cubic polynomial kernel of KID (Bińkowski et al.
2018), k(a, b) = (a·b / d + 1)³, which matches the first three moments, in the
features of a frozen classifier (as the perceptual losses of Dosovitskiy & Brox
2016). The kernel is multiplied by [same class], so each class is matched on
its own.

The teacher is built unlike both of gan/evaluate.ts's judges, so that what it
teaches is real-image statistics and not one judge's feature space (the
judges are never used in training; judge B, and the independent judge of issue
16, read the result as held-out feature spaces):

| | judge A | judge B | teacher (this file) |
|---|---|---|---|
| layers | conv3×3 16 → pool → conv3×3 32 → pool → dense 128 | (conv3×3 BN ReLU) 24, 24, 48, 48, 128 + pools → GAP | conv5×5 32 ELU → avg-pool → conv5×5 64 ELU → avg-pool → conv3×3 128 ELU, no batch norm |
| features | dense 128 | 128 pooled channels | each stage's channel means and standard deviations (32+64+128, twice: 448), standardised on real images |
| training | Adam, 3 epochs, seed 7 | SGD, cosine, seed 11, a tenth held out | Adam 1e-3, 2 epochs, seed 23, label smoothing 0.1, a different fifth held out |
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DOMAINS, NUM_CLASSES, REPO_ROOT, load_domain, scale  # noqa: E402

TEACHER_SEED = 23


class Teacher(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 5, padding=2)
        self.c2 = nn.Conv2d(32, 64, 5, padding=2)
        self.c3 = nn.Conv2d(64, 128, 3, padding=1)
        self.head = nn.Linear(128 * 7 * 7, NUM_CLASSES)

    def stages(self, x):
        h1 = F.elu(self.c1(x))
        h2 = F.elu(self.c2(F.avg_pool2d(h1, 2)))
        h3 = F.elu(self.c3(F.avg_pool2d(h2, 2)))
        return h1, h2, h3

    def forward(self, x):
        return self.head(self.stages(x)[2].flatten(1))

    def statistics(self, x):
        """Per image: every stage's channel means and standard deviations (448 values)."""
        out = []
        for h in self.stages(x):
            f = h.flatten(2)
            out += [f.mean(2), (f.var(2, unbiased=False) + 1e-6).sqrt()]
        return torch.cat(out, 1)


def teacher_path(domain):
    return os.path.join(REPO_ROOT, 'gan', 'checkpoints', f'teacher-{domain}.pt')


def train_teacher(domain, epochs=2, threads=1, log=print):
    torch.set_num_threads(threads)
    torch.manual_seed(TEACHER_SEED)
    rng = np.random.default_rng(TEACHER_SEED)
    (train_x, train_y), (test_x, test_y) = load_domain(domain)
    order = rng.permutation(len(train_y))
    held, fit = order[: len(order) // 5], order[len(order) // 5:]
    x, y = scale(train_x), torch.from_numpy(train_y.astype(np.int64))
    model = Teacher()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    started = time.time()
    for epoch in range(epochs):
        model.train()
        perm = rng.permutation(fit)
        for b in range(len(perm) // 128):
            idx = torch.from_numpy(perm[b * 128:(b + 1) * 128])
            loss = F.cross_entropy(model(x[idx]), y[idx], label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        log(f'teacher epoch {epoch + 1}: {time.time() - started:.0f} s')
    model.eval()
    with torch.no_grad():
        held_acc = float((model(x[held]).argmax(1) == y[held]).float().mean())
        tx = scale(test_x)
        test_acc = float(torch.cat([model(tx[a:a + 1000]).argmax(1) for a in range(0, len(tx), 1000)]).eq(
            torch.from_numpy(test_y.astype(np.int64))).float().mean())
        stats = torch.cat([model.statistics(x[fit[a:a + 1000]]) for a in range(0, len(fit), 1000)])
    state = {'model': model.state_dict(), 'mean': stats.mean(0), 'std': stats.std(0) + 1e-4,
             'held_accuracy': held_acc, 'test_accuracy': test_acc, 'seed': TEACHER_SEED, 'epochs': epochs}
    log(f'teacher: held-out fifth {held_acc:.4f}, test {test_acc:.4f}')
    return state


def load_teacher(domain, log=print):
    """The cached teacher's standardised statistics (teacher.py trains it once, deterministically, if absent), as a
    function of a batch of images."""
    path = teacher_path(domain)
    if os.path.exists(path):
        state = torch.load(path)
    else:
        state = train_teacher(domain, log=log)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        torch.save(state, path)
    model = Teacher()
    model.load_state_dict(state['model'])
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    mean, std = state['mean'], state['std']
    return lambda x: (model.statistics(x) - mean) / std


def moment_matching(f_fake, y_fake, f_real, y_real):
    """Unbiased class-conditional MMD² of the fake features against the real ones, cubic kernel, less the
    real-real term (constant in the generator): mean over classes present in both of
    mean_{i≠j} k(f_i, f_j) − 2 mean_{i, r} k(f_i, r)."""
    d = f_fake.shape[1]
    k_ff = (f_fake @ f_fake.T / d + 1) ** 3
    k_fr = (f_fake @ f_real.T / d + 1) ** 3
    total, classes = f_fake.new_zeros(()), 0
    for c in torch.unique(y_fake):
        fi = (y_fake == c).nonzero().squeeze(1)
        ri = (y_real == c).nonzero().squeeze(1)
        if len(fi) < 2 or len(ri) < 1:
            continue
        kk = k_ff[fi][:, fi]
        m = len(fi)
        total = total + (kk.sum() - kk.diagonal().sum()) / (m * (m - 1)) - 2 * k_fr[fi][:, ri].mean()
        classes += 1
    return total / max(classes, 1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--domain', choices=DOMAINS, required=True)
    args = p.parse_args()
    load_teacher(args.domain)
    print(f'teacher at {teacher_path(args.domain)}')


if __name__ == '__main__':
    main()
