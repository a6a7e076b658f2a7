#!/usr/bin/python3
"""PyTorch trainer for the bundled GAN's generator (the architecture of
`gan/model.ts` `buildGenerator`, see common.py), for when the TF.js/WASM
trainer is too slow to reach the quality bars (see README.md here).

    /usr/bin/python3 gan/torch/train.py --domain digits --steps 30000
    /usr/bin/python3 gan/torch/train.py --domain fashion --steps 30000

Seeded and reproducible: weights are initialised from `--seed`; every step's
batch indices, labels and latents come from a numpy stream seeded with
(seed, step), so a resumed run continues exactly as an uninterrupted one.
Resumable: `latest.pt` in `gan/checkpoints/torch-<domain>/` every
`--checkpoint-every` steps (picked up on the next start; `--fresh` ignores it);
every `--snapshot-every` steps the EMA generator alone goes to
`snapshots/step-<n>.pt`, for export.py.

Losses: ACGAN-style. The discriminator (not exported, so free in design) has
spectral norm, a real/fake logit with a class projection term (Miyato & Koyama
2018) and an auxiliary class head trained on real images only; real targets
smoothed to `--real-target`. The generator: non-saturating loss + class
cross-entropy through the auxiliary head. Adam 2e-4, β (0.5, 0.999); EMA of the
generator's weights (decay 0.999, with warm-up) is what gets exported.
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
from common import (  # noqa: E402
    DEFAULT_CHANNELS, DOMAINS, LATENT_SIZE, NUM_CLASSES, Generator, checkpoint_dir, count_params, generator_from_tf_weights,
    load_domain, scale, widen,
)

SN = nn.utils.spectral_norm


class Discriminator(nn.Module):
    """conv4x4/2 c1 -> conv4x4/2 c2 [-> conv3x3/1 c3 at 7x7, with a third channel count] -> flatten."""

    def __init__(self, channels=(64, 128)):
        super().__init__()
        c1, c2 = channels[:2]
        self.conv1 = SN(nn.Conv2d(1, c1, 4, 2, 1))
        self.conv2 = SN(nn.Conv2d(c1, c2, 4, 2, 1))
        self.conv3 = SN(nn.Conv2d(c2, channels[2], 3, 1, 1)) if len(channels) > 2 else None
        width = channels[-1] * 7 * 7
        self.real = SN(nn.Linear(width, 1))
        self.embed = SN(nn.Embedding(NUM_CLASSES, width))
        self.cls = nn.Linear(width, NUM_CLASSES)

    def forward(self, x, y):
        h = F.leaky_relu(self.conv1(x), 0.2)
        h = F.leaky_relu(self.conv2(h), 0.2)
        if self.conv3 is not None:
            h = F.leaky_relu(self.conv3(h), 0.2)
        h = h.flatten(1)
        adv = self.real(h).squeeze(1) + (self.embed(y) * h).sum(1)
        return adv, self.cls(h), h


def fmt_duration(s):
    if not np.isfinite(s) or s < 0:
        return '--:--'
    s = int(round(s))
    h, m, sec = s // 3600, (s % 3600) // 60, s % 60
    return f'{h}:{m:02d}:{sec:02d}' if h else f'{m:02d}:{sec:02d}'


def repo_relative(path):
    """A path as the run's config records it: relative to the repository, whatever the working folder."""
    return os.path.relpath(os.path.abspath(path), os.path.join(os.path.dirname(__file__), '..', '..'))


def save_atomic(obj, path):
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--domain', choices=DOMAINS, required=True)
    p.add_argument('--steps', type=int, default=30000)
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--lr', type=float, default=2e-4)
    p.add_argument('--lr-g', type=float, default=None, help="the generator's learning rate (default --lr)")
    p.add_argument('--lr-d', type=float, default=None, help="the discriminator's learning rate (default --lr)")
    p.add_argument('--beta1', type=float, default=0.5)
    p.add_argument('--ema-decay', type=float, default=0.999)
    p.add_argument('--real-target', type=float, default=0.9)
    p.add_argument('--class-weight', type=float, default=1.0, help='weight of the class cross-entropy in G and D')
    p.add_argument('--g-class-weight', type=float, default=None,
                   help="weight of the auxiliary head's cross-entropy in the generator's loss alone (default "
                        "--class-weight). An auxiliary classifier pulls samples towards what it finds easiest to "
                        "classify, away from the real class's spread (Gong et al. 2019, TAC-GAN); the projection term "
                        "still conditions the adversarial loss on the class")
    p.add_argument('--twin-classifier', type=float, default=0.0,
                   help="weight of the twin auxiliary classifier (Gong et al. 2019, TAC-GAN, eq. 9): a second class "
                        "head on D's features, trained on generated images only, whose cross-entropy the generator "
                        "maximises, so the auxiliary head's pull towards the easiest-to-classify images is cancelled "
                        "and each class's samples are driven to the real class's spread; 0 = off. Its own optimiser, "
                        "so a committed D state (--init-d-from) still loads")
    p.add_argument('--mode-seeking', type=float, default=0.0,
                   help='weight of the mode-seeking term (Mao et al. 2019): pairs of latents of one class are pushed to '
                        'different images, against near-copies of typical training images; 0 = off')
    p.add_argument('--init-from', default=None,
                   help='start the generator (and its EMA) from an exported TF.js model folder, e.g. media/gan/digits '
                        '(dequantized as tf.io.decodeWeights does); the discriminator starts fresh')
    p.add_argument('--g-channels', default=','.join(map(str, DEFAULT_CHANNELS)),
                   help='generator channels at 7x7, 14x14, 28x28 (gan/model.ts gChannels); with --init-from of a narrower '
                        'model the generator is widened function-preservingly (common.widen)')
    p.add_argument('--init-d-from', default=None,
                   help='start the discriminator (and its optimiser) from the state export.py committed beside the '
                        'weights (gan/torch/state/<domain>-d.pt) or from any snapshot or latest.pt of a run, instead of '
                        'a fresh one: a fresh D on a well-trained G costs more steps than it wins back (README.md)')
    p.add_argument('--d-warmup', type=int, default=0,
                   help='train only the discriminator for the first N steps (with --init-from: a fresh D first learns '
                        'to tell the pretrained generator from real images before the generator follows its gradients)')
    p.add_argument('--d-channels', default='64,128',
                   help="the discriminator's channels: two (conv4x4/2 twice) or three (then a conv3x3 at 7x7)")
    p.add_argument('--moment-matching', type=float, default=0.0,
                   help="weight of the moment-matching term (teacher.py): the unbiased class-conditional MMD, cubic "
                        "kernel, between the generator's batch and real images of the same classes, in a frozen "
                        "training-only classifier's features (built unlike both evaluation judges); 0 = off")
    p.add_argument('--pixel-moments', type=float, default=0.0,
                   help="weight of the pixel-moment term: pulls each class's per-pixel mean and mean square (running "
                        "estimates over the generator's recent batches, decay --pm-decay) onto the real training "
                        "class's, the gradient of 1/2 |m - mu|^2 + 1/2 |v - nu|^2 per pixel; no classifier involved, so "
                        "it pins class centroids in a way no feature space owns; 0 = off")
    p.add_argument('--pm-decay', type=float, default=0.99)
    p.add_argument('--mm-real', type=int, default=2, help='real images per generated one for the moment-matching term')
    p.add_argument('--checkpoint-dir', default=None, help='default gan/checkpoints/torch-<domain>')
    p.add_argument('--checkpoint-every', type=int, default=500)
    p.add_argument('--snapshot-every', type=int, default=1000)
    p.add_argument('--log-every', type=int, default=100)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--fresh', action='store_true', help='ignore an existing checkpoint')
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    ckdir = args.checkpoint_dir or checkpoint_dir(args.domain)
    os.makedirs(os.path.join(ckdir, 'snapshots'), exist_ok=True)
    latest = os.path.join(ckdir, 'latest.pt')

    (train_x, train_y), _ = load_domain(args.domain)
    images = scale(train_x)
    labels = torch.from_numpy(train_y.astype(np.int64))
    n = len(train_y)
    B = args.batch_size

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    channels = tuple(int(c) for c in args.g_channels.split(','))
    g = Generator(channels=channels)
    d_channels = tuple(int(c) for c in args.d_channels.split(','))
    d = Discriminator(d_channels)
    ema = Generator(channels=channels)
    if args.init_from is not None:
        from export import read_exported
        start = generator_from_tf_weights(read_exported(os.path.abspath(args.init_from)))
        if start.channels == channels:
            g = start
        else:
            g = widen(start, channels)
            print(f'widened {start.channels} -> {channels} from {args.init_from}', flush=True)
    ema.load_state_dict(g.state_dict())
    ema.eval()
    lr_g = args.lr if args.lr_g is None else args.lr_g
    lr_d = args.lr if args.lr_d is None else args.lr_d
    opt_g = torch.optim.Adam(g.parameters(), lr=lr_g, betas=(args.beta1, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=lr_d, betas=(args.beta1, 0.999))
    if args.init_d_from is not None:
        state = torch.load(args.init_d_from)
        d.load_state_dict(state['d'])
        if 'opt_d' in state:
            opt_d.load_state_dict(state['opt_d'])
            for group in opt_d.param_groups:
                group['lr'] = lr_d
        print(f'discriminator from {args.init_d_from} (step {state.get("step", "?")})', flush=True)
    step = 0
    config = {'domain': args.domain, 'seed': args.seed, 'batch_size': B}
    if args.mode_seeking > 0:
        config['mode_seeking'] = args.mode_seeking
    config['g_channels'] = list(channels)
    if d_channels != (64, 128):
        config['d_channels'] = list(d_channels)
    if args.init_from is not None:
        config['init_from'] = repo_relative(args.init_from)
        config['d_warmup'] = args.d_warmup
        config['lr'] = args.lr
    if args.lr_g is not None or args.lr_d is not None:
        config['lr_g'], config['lr_d'] = lr_g, lr_d
    if args.moment_matching > 0:
        config['moment_matching'], config['mm_real'] = args.moment_matching, args.mm_real
    if args.pixel_moments > 0:
        config['pixel_moments'], config['pm_decay'] = args.pixel_moments, args.pm_decay
    g_class_weight = args.class_weight if args.g_class_weight is None else args.g_class_weight
    if args.class_weight != 1.0:
        config['class_weight'] = args.class_weight
    if g_class_weight != args.class_weight:
        config['g_class_weight'] = g_class_weight
    if args.init_d_from is not None:
        config['init_d_from'] = repo_relative(args.init_d_from)
    twin = opt_twin = None
    if args.twin_classifier > 0:
        config['twin_classifier'] = args.twin_classifier
        twin = nn.Linear(d.cls.in_features, NUM_CLASSES)
        opt_twin = torch.optim.Adam(twin.parameters(), lr=lr_d, betas=(args.beta1, 0.999))
    pm_gen = None
    if args.pixel_moments > 0:
        # the real training classes' per-pixel mean and mean square, and the generator's running estimates of the
        # same (from 1,000 samples of the starting generator; resumed from latest.pt)
        pm_real = torch.stack([torch.stack([images[labels == c].mean(0), (images[labels == c] ** 2).mean(0)])
                               for c in range(NUM_CLASSES)])
        with torch.no_grad():
            init_rng = np.random.default_rng([args.seed, 2 ** 31])
            y0 = torch.arange(1000) % NUM_CLASSES
            x0 = g(torch.from_numpy(init_rng.standard_normal((1000, LATENT_SIZE), dtype=np.float32)),
                   F.one_hot(y0, NUM_CLASSES).float())
            pm_gen = torch.stack([torch.stack([x0[y0 == c].mean(0), (x0[y0 == c] ** 2).mean(0)])
                                  for c in range(NUM_CLASSES)])
    if not args.fresh and os.path.exists(latest):
        ck = torch.load(latest)
        if ck['config'] != config:
            raise SystemExit(f'checkpoint {latest} is for another run ({ck["config"]}); use --fresh')
        g.load_state_dict(ck['g'])
        d.load_state_dict(ck['d'])
        ema.load_state_dict(ck['ema'])
        opt_g.load_state_dict(ck['opt_g'])
        opt_d.load_state_dict(ck['opt_d'])
        if twin is not None:
            twin.load_state_dict(ck['twin'])
            opt_twin.load_state_dict(ck['opt_twin'])
        if args.pixel_moments > 0:
            pm_gen = ck['pm_gen']
        step = ck['step']
        print(f'resumed {args.domain} from step {step} ({latest})', flush=True)
    print(f'domain={args.domain} trainer=pytorch-{torch.__version__} threads={args.threads} batch={B} steps={args.steps} '
          f'G params={count_params(g)} D params={count_params(d)} train images={n}', flush=True)

    def save():
        state = {'config': config, 'step': step, 'args': vars(args), 'g': g.state_dict(), 'd': d.state_dict(),
                 'ema': ema.state_dict(), 'opt_g': opt_g.state_dict(), 'opt_d': opt_d.state_dict()}
        if twin is not None:
            state['twin'], state['opt_twin'] = twin.state_dict(), opt_twin.state_dict()
        if pm_gen is not None:
            state['pm_gen'] = pm_gen
        save_atomic(state, latest)

    def snapshot():
        path = os.path.join(ckdir, 'snapshots', f'step-{step:06d}.pt')
        # D and its optimiser ride along, so export.py can keep the discriminator that matches the exported
        # generator (gan/torch/state/) and a later run can continue against it (--init-d-from)
        save_atomic({'config': config, 'step': step, 'args': vars(args), 'ema': ema.state_dict(), 'd': d.state_dict(),
                     'opt_d': opt_d.state_dict()}, path)

    if args.moment_matching > 0:
        from teacher import load_teacher, moment_matching
        teacher_features = load_teacher(args.domain, log=lambda m: print(m, flush=True))
        by_class = [np.flatnonzero(train_y == c) for c in range(NUM_CLASSES)]
    real_t = torch.full((B,), args.real_target)
    fake_t = torch.zeros(B)
    ones = torch.ones(B)
    bce = F.binary_cross_entropy_with_logits
    started = time.time()
    start_step = step
    def fresh_sums():
        return {'D': 0.0, 'G': 0.0, 'cls': 0.0, 'mm': 0.0, 'twin': 0.0, 'pm': 0.0, 'k': 0}

    acc = fresh_sums()
    g.train()
    while step < args.steps:
        rng = np.random.default_rng([args.seed, step])
        idx = torch.from_numpy(rng.integers(0, n, B))
        y_fake = torch.from_numpy(rng.integers(0, NUM_CLASSES, B))
        z = torch.from_numpy(rng.standard_normal((B, LATENT_SIZE), dtype=np.float32))
        if args.mode_seeking > 0:
            y_fake[B // 2:] = y_fake[:B // 2]  # pairs: sample i and i + B/2 share a class, not a latent
        real, y_real = images[idx], labels[idx]

        fake = g(z, F.one_hot(y_fake, NUM_CLASSES).float())
        adv_r, cls_r, _ = d(real, y_real)
        adv_f, _, h_f = d(fake.detach(), y_fake)
        loss_d = bce(adv_r, real_t) + bce(adv_f, fake_t) + args.class_weight * F.cross_entropy(cls_r, y_real)
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        if twin is not None:
            # the twin head learns the generator's classes on D's (fixed) features
            loss_twin = F.cross_entropy(twin(h_f.detach()), y_fake)
            opt_twin.zero_grad(set_to_none=True)
            loss_twin.backward()
            opt_twin.step()
            acc['twin'] += loss_twin.item()

        warming = step < args.d_warmup
        if warming:
            loss_g = torch.zeros(())
        else:
            adv_g, cls_g, h_g = d(fake, y_fake)
            loss_g = bce(adv_g, ones) + g_class_weight * F.cross_entropy(cls_g, y_fake)
            if twin is not None:
                loss_g = loss_g - args.twin_classifier * F.cross_entropy(twin(h_g), y_fake)
            if args.mode_seeking > 0:
                h = B // 2
                spread = (fake[:h] - fake[h:2 * h]).abs().mean((1, 2, 3)) / (z[:h] - z[h:2 * h]).abs().mean(1)
                loss_g = loss_g + args.mode_seeking / (spread.mean() + 1e-5)
            if args.moment_matching > 0:
                y_mm = y_fake.repeat(args.mm_real)
                mm_idx = torch.from_numpy(np.array([rng.choice(by_class[c]) for c in y_mm.tolist()]))
                with torch.no_grad():
                    f_real = teacher_features(images[mm_idx])
                mm = moment_matching(teacher_features(fake), y_fake, f_real, y_mm)
                loss_g = loss_g + args.moment_matching * mm
                acc['mm'] += mm.item()
            if args.pixel_moments > 0:
                with torch.no_grad():
                    for c in y_fake.unique().tolist():
                        xc = fake[y_fake == c]
                        pm_gen[c].mul_(args.pm_decay).add_(torch.stack([xc.mean(0), (xc ** 2).mean(0)]),
                                                           alpha=1 - args.pm_decay)
                    gap = pm_gen - pm_real  # (class, [mean, mean square], 1, 28, 28)
                    acc['pm'] += float((gap[:, 0] ** 2).mean())
                # d/dx of 1/2 |m - mu|^2 + 1/2 |v - nu|^2 through one sample's share of the running estimates
                a, b = gap[y_fake, 0], gap[y_fake, 1]
                loss_g = loss_g + args.pixel_moments * (a * fake + b * fake ** 2).sum((1, 2, 3)).mean()
            opt_g.zero_grad(set_to_none=True)
            loss_g.backward()
            opt_g.step()

            with torch.no_grad():
                t = step - args.d_warmup
                decay = min(args.ema_decay, (1 + t) / (10 + t)) if args.init_from is None else args.ema_decay
                for e, s in zip(ema.state_dict().values(), g.state_dict().values()):
                    if e.dtype.is_floating_point:
                        e.mul_(decay).add_(s, alpha=1 - decay)
                    else:
                        e.copy_(s)
        step += 1
        ld, lg = loss_d.item(), loss_g.item()
        if not (np.isfinite(ld) and np.isfinite(lg)):
            raise SystemExit(f'non-finite loss at step {step}: D {ld}, G {lg}')
        acc['D'] += ld
        acc['G'] += lg
        acc['cls'] += (cls_r.argmax(1) == y_real).float().mean().item()
        acc['k'] += 1
        if step % args.checkpoint_every == 0 or step == args.steps:
            save()
        if step % args.snapshot_every == 0 or step == args.steps:
            snapshot()
        if step % args.log_every == 0 or step == args.steps:
            per = (time.time() - started) / (step - start_step)
            k = acc['k']
            print(f'{time.strftime("%H:%M:%S")} {step}/{args.steps} D {acc["D"] / k:.3f} G {acc["G"] / k:.3f} '
                  f'D-class-acc(real) {acc["cls"] / k:.3f}' + (f' MM {acc["mm"] / k:.3f}' if args.moment_matching > 0 else '')
                  + (f' twin-CE {acc["twin"] / k:.3f}' if twin is not None else '')
                  + (f' pixel-mean-MSE {acc["pm"] / k:.5f}' if args.pixel_moments > 0 else '')
                  + f' | {per:.3f} s/step | ETA {fmt_duration(per * (args.steps - step))}',
                  flush=True)
            acc = fresh_sums()


if __name__ == '__main__':
    main()
