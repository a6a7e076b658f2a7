#!/usr/bin/python3
"""Exports a PyTorch-trained generator (an EMA snapshot of train.py) as the
TF.js layers model the extension loads, and writes the equivalence fixture.

    /usr/bin/python3 gan/torch/export.py --domain digits                  # latest snapshot -> media/gan/digits
    /usr/bin/python3 gan/torch/export.py --domain digits --snapshot gan/checkpoints/torch-digits/snapshots/step-020000.pt \
        --out gan/checkpoints/torch-digits/exports/step-020000 --no-fixture

1. Loads the EMA generator and (default) re-estimates its batch-norm moving
   statistics for the EMA weights (`--bn-batches` forward passes in training
   mode over random latents and uniform classes; seeded).
2. Writes its weights in TF.js layout (common.tf_layer_weights) + a manifest to
   a temporary folder and runs `npx tsx gan/torch/import.ts`, which sets
   them on the generator `buildGenerator` builds and saves it with helper
   `exportGenerator` (same topology, quantization and metadata as the TS trainer).
3. Reads the written model.json + shard back, dequantizes exactly as
   `tf.io.decodeWeights` does (uint8: q * scale + min; float16), loads those
   weights into the PyTorch generator and, in eval mode, computes the images for
   fixed (latent, class) inputs: `test/fixtures/gan/<domain>-torch-reference.json`.
   `test/unit/gan/torchEquivalence.test.ts` loads the exported model with
   TF.js and checks it produces the same images.
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    DOMAINS, LATENT_SIZE, NUM_CLASSES, REPO_ROOT, checkpoint_dir, generator_from_state,
    generator_from_tf_weights, latent_from_seed, tf_layer_weights,
)

FIXTURE_SEEDS = [11, 22, 33, 44, 55, 66, 77, 88, 99, 1010]


def recalibrate_bn(g, batches, batch_size, seed):
    """Moving mean/variance of every BN layer = the average over `batches` batches of the EMA generator."""
    rng = np.random.default_rng([seed, 999])
    bns = [m for m in g.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    saved = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    g.train()
    with torch.no_grad():
        for _ in range(batches):
            z = torch.from_numpy(rng.standard_normal((batch_size, LATENT_SIZE), dtype=np.float32))
            y = torch.from_numpy(rng.integers(0, NUM_CLASSES, batch_size))
            g(z, F.one_hot(y, NUM_CLASSES).float())
    for m, mom in zip(bns, saved):
        m.momentum = mom
    g.eval()


def average_states(states):
    """The uniform average of generator state dicts, summed in double precision and cast back; buffers that are not
    floating point (batch norm's step counts) from the last."""
    return {k: (sum(st[k].double() for st in states) / len(states)).to(v.dtype) if v.dtype.is_floating_point else v
            for k, v in states[-1].items()}


def read_exported(model_dir):
    """{weight name: float32 array} from a TF.js layers model, dequantized as tf.io.decodeWeights does."""
    with open(os.path.join(model_dir, 'model.json'), encoding='utf8') as f:
        model = json.load(f)
    weights = {}
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(model_dir, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            size = int(np.prod(spec['shape'])) if spec['shape'] else 1
            q = spec.get('quantization')
            if q is None:
                arr = np.frombuffer(data, np.float32, size, offset)
                offset += 4 * size
            elif q['dtype'] == 'uint8':
                raw = np.frombuffer(data, np.uint8, size, offset).astype(np.float64)
                offset += size
                # tfjs: values[i] = v * scale + min, in double precision, stored as float32
                arr = (raw * q['scale'] + q['min']).astype(np.float32)
            elif q['dtype'] == 'float16':
                arr = np.frombuffer(data, np.float16, size, offset).astype(np.float32)
                offset += 2 * size
            else:
                raise ValueError(f'unsupported quantization {q}')
            weights[spec['name']] = arr.reshape(spec['shape'])
    return weights


def shard_sha256(model_dir):
    h = hashlib.sha256()
    for p in sorted(glob.glob(os.path.join(model_dir, '*.bin'))):
        with open(p, 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def run_fixed(g, domain):
    latents = np.stack([latent_from_seed(s) for s in FIXTURE_SEEDS])
    classes = np.arange(len(FIXTURE_SEEDS)) % NUM_CLASSES
    g.eval()
    with torch.no_grad():
        out = g(torch.from_numpy(latents), F.one_hot(torch.from_numpy(classes), NUM_CLASSES).float())
    # NCHW with C = 1 has the same memory order as TF's NHWC.
    return latents, classes, out.numpy().reshape(len(FIXTURE_SEEDS), -1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--domain', choices=DOMAINS, required=True)
    p.add_argument('--snapshot', help='an EMA snapshot (default: the newest in snapshots/)')
    p.add_argument('--out', help='default media/gan/<domain>')
    p.add_argument('--quantization', default='uint8', choices=('uint8', 'float16', 'float32'))
    p.add_argument('--bn-batches', type=int, default=100, help='0 keeps the EMA of the moving statistics')
    p.add_argument('--bn-batch-size', type=int, default=256)
    p.add_argument('--no-fixture', action='store_true',
                   help='do not write test/fixtures/gan/<domain>-torch-reference.json (only written when exporting to media/gan/<domain>)')
    p.add_argument('--average-from', type=int, default=None,
                   help="export the uniform average of the EMA generators of the run's snapshots from this step up to "
                        '--snapshot (Polyak averaging over a longer horizon than the EMA; the snapshots must be in the '
                        "snapshot's own folder)")
    p.add_argument('--state-only', action='store_true',
                   help="write only gan/torch/state/<domain>-d.pt, from a snapshot taken within its run's --d-warmup "
                        '(so the generator is still the --init-from one, which must be the shipped media/gan/<domain>): '
                        'a discriminator for the committed weights without exporting them again')
    args = p.parse_args()
    torch.set_num_threads(1)

    snap = args.snapshot
    if snap is None:
        snaps = sorted(glob.glob(os.path.join(checkpoint_dir(args.domain), 'snapshots', 'step-*.pt')))
        if not snaps:
            raise SystemExit(f'no snapshots in {checkpoint_dir(args.domain)}/snapshots')
        snap = snaps[-1]
    ck = torch.load(snap)
    if ck['config']['domain'] != args.domain:
        raise SystemExit(f'{snap} is a {ck["config"]["domain"]} snapshot')
    if args.state_only:
        write_state(args.domain, ck, snap, exported_now=False)
        return
    averaged = []
    if args.average_from is not None:
        folder = os.path.dirname(os.path.abspath(snap))
        window = {}
        for path in sorted(glob.glob(os.path.join(folder, 'step-*.pt'))):
            other = torch.load(path)
            if args.average_from <= other['step'] <= ck['step']:
                window[path] = other['ema']
        if not window:
            raise SystemExit(f'no snapshots from step {args.average_from} to {ck["step"]} in {folder}')
        # sorted by step, so the last is the snapshot's own
        averaged, ck = list(window), {**ck, 'ema': average_states(list(window.values()))}
        print(f'averaging the EMA generators of {len(averaged)} snapshots, steps {args.average_from}..{ck["step"]}')
    g = generator_from_state(ck['ema'])
    g.eval()
    if args.bn_batches > 0:
        recalibrate_bn(g, args.bn_batches, args.bn_batch_size, ck['config']['seed'])
    out_dir = os.path.abspath(args.out or os.path.join(REPO_ROOT, 'media', 'gan', args.domain))
    targs = ck['args']
    rel = os.path.relpath(snap, REPO_ROOT)
    # The run's own options, so the command retrains exactly this snapshot (then exports that snapshot).
    run_options = ''
    if targs.get('mode_seeking', 0) > 0:
        run_options += f' --mode-seeking {targs["mode_seeking"]}'
    if targs.get('init_from'):
        run_options += f' --init-from {os.path.relpath(os.path.abspath(targs["init_from"]), REPO_ROOT)} --d-warmup {targs.get("d_warmup", 0)} --lr {targs["lr"]}'
    if targs.get('init_d_from'):
        run_options += f' --init-d-from {os.path.relpath(os.path.abspath(targs["init_d_from"]), REPO_ROOT)}'
    for option in ('lr_g', 'lr_d'):
        if targs.get(option) is not None:
            run_options += f' --{option.replace("_", "-")} {targs[option]}'
    d_channels = targs.get('d_channels', '64,128')
    if d_channels != '64,128':
        run_options += f' --d-channels {d_channels}'
    # Scalar options, each where the run did not keep train.py's default (mm_real counts only with the term on).
    scalar_defaults = {'ema_decay': 0.999, 'class_weight': 1.0, 'g_class_weight': None, 'moment_matching': 0.0,
                       'twin_classifier': 0.0, 'snapshot_every': 1000}
    if targs.get('moment_matching', 0.0) > 0:
        scalar_defaults['mm_real'] = None
    for option, default in scalar_defaults.items():
        if targs.get(option, default) != default:
            run_options += f' --{option.replace("_", "-")} {targs[option]}'
    run_options += f' --g-channels {",".join(map(str, g.channels))}'
    if targs.get('checkpoint_dir'):
        run_options += f' --checkpoint-dir {os.path.relpath(os.path.abspath(targs["checkpoint_dir"]), REPO_ROOT)}'
    command = (f'/usr/bin/python3 gan/torch/train.py --domain {args.domain} --steps {ck["step"]} '
               f'--seed {targs["seed"]} --batch-size {targs["batch_size"]}{run_options} && '
               f'/usr/bin/python3 gan/torch/export.py --domain {args.domain} --snapshot {rel} --bn-batches {args.bn_batches}'
               + (f' --average-from {args.average_from}' if averaged else ''))

    layers = tf_layer_weights(g)
    with tempfile.TemporaryDirectory(prefix='gan-torch-') as tmp:
        manifest = {
            'domain': args.domain, 'steps': ck['step'], 'batchSize': targs['batch_size'], 'seed': targs['seed'],
            'emaDecay': targs['ema_decay'], 'bnRecalibrated': args.bn_batches > 0, 'command': command,
            'gChannels': list(g.channels),
            'torch': {'framework': f'pytorch {torch.__version__}', 'snapshot': rel, 'bnRecalibrationBatches': args.bn_batches,
                      'learningRate': targs['lr'], 'beta1': targs['beta1'], 'realTarget': targs['real_target'],
                      'classWeight': targs['class_weight'], 'modeSeeking': targs.get('mode_seeking', 0.0),
                      **({'averagedSnapshots': ', '.join(os.path.relpath(a, REPO_ROOT) for a in averaged)} if averaged else {}),
                      **({'dChannels': d_channels} if d_channels != '64,128' else {}),
                      **({'learningRateG': targs['lr_g'], 'learningRateD': targs['lr_d']} if targs.get('lr_g') is not None else {}),
                      **({'initFrom': os.path.relpath(os.path.abspath(targs['init_from']), REPO_ROOT), 'dWarmup': targs.get('d_warmup', 0)}
                         if targs.get('init_from') else {})},
            'layers': [{'name': name, 'shapes': [list(a.shape) for a in arrs]} for name, arrs in layers],
        }
        with open(os.path.join(tmp, 'manifest.json'), 'w', encoding='utf8') as f:
            json.dump(manifest, f)
        with open(os.path.join(tmp, 'weights.bin'), 'wb') as f:
            for _, arrs in layers:
                for a in arrs:
                    f.write(np.ascontiguousarray(a, dtype='<f4').tobytes())
        subprocess.run(['npx', 'tsx', os.path.join('gan', 'torch', 'import.ts'), '--weights', tmp, '--out', out_dir,
                        '--quantization', args.quantization], cwd=REPO_ROOT, check=True)

    # Read back what was written: the reference is computed from exactly those (dequantized) weights.
    exported = generator_from_tf_weights(read_exported(out_dir))
    latents, classes, ref = run_fixed(exported, args.domain)
    _, _, unquantized = run_fixed(g, args.domain)
    print(f'{args.domain}: step {ck["step"]}, exported to {os.path.relpath(out_dir, REPO_ROOT)}; '
          f'quantization changes the fixed images by at most {np.abs(ref - unquantized).max():.4f} (mean {np.abs(ref - unquantized).mean():.5f})')
    if not args.no_fixture and out_dir == os.path.join(REPO_ROOT, 'media', 'gan', args.domain):
        fixture = {
            'domain': args.domain,
            'comment': 'Images of the PyTorch generator (eval mode) with the weights of media/gan/<domain>, dequantized; '
                       'written by gan/torch/export.py, checked by test/unit/gan/torchEquivalence.test.ts.',
            'modelDir': os.path.relpath(out_dir, REPO_ROOT),
            'weightsSha256': shard_sha256(out_dir),
            'steps': ck['step'],
            'torch': torch.__version__,
            'inputs': [{'seed': int(s), 'class': int(c), 'latent': [float(v) for v in lat]}
                       for s, c, lat in zip(FIXTURE_SEEDS, classes, latents)],
            'outputs': [[round(float(v), 6) for v in row] for row in ref],
        }
        path = os.path.join(REPO_ROOT, 'test', 'fixtures', 'gan', f'{args.domain}-torch-reference.json')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + '.tmp', 'w', encoding='utf8') as f:
            json.dump(fixture, f, separators=(',', ':'))
            f.write('\n')
        os.replace(path + '.tmp', path)
        print(f'wrote {os.path.relpath(path, REPO_ROOT)}')
        if 'd' in ck:
            write_state(args.domain, ck, snap, exported_now=True)


def write_state(domain, ck, snap, exported_now):
    """The discriminator the shipped generator was trained against, committed beside the weights (not shipped:
    .vscodeignore leaves gan/ out), so the next run continues against it with --init-d-from instead of a fresh D,
    which costs more steps than it wins back (README.md, "Recipes tried")."""
    if 'd' not in ck:
        raise SystemExit(f'{snap} carries no discriminator (snapshots of train.py before --init-d-from)')
    shipped = os.path.join(REPO_ROOT, 'media', 'gan', domain)
    targs = ck['args']
    exported = shard_sha256(shipped)
    if not exported_now:
        # Within the warm-up the generator has not moved from --init-from: that must be the shipped one.
        if not targs.get('init_from') or ck['step'] > targs.get('d_warmup', 0):
            raise SystemExit(f'{snap} is past its --d-warmup ({targs.get("d_warmup", 0)}): its generator moved; export it instead')
        if shard_sha256(os.path.abspath(targs['init_from'])) != exported:
            raise SystemExit(f'{snap}: its generator ({targs["init_from"]}) is not the shipped {os.path.relpath(shipped, REPO_ROOT)}')
    state_path = os.path.join(REPO_ROOT, 'gan', 'torch', 'state', f'{domain}-d.pt')
    os.makedirs(os.path.dirname(state_path), exist_ok=True)
    state = {'config': ck['config'], 'step': ck['step'], 'snapshot': os.path.relpath(snap, REPO_ROOT), 'dChannels': targs.get('d_channels', '64,128'),
             'generatorSha256': exported, 'd': ck['d']}
    torch.save(state, state_path + '.tmp')
    os.replace(state_path + '.tmp', state_path)
    print(f'wrote {os.path.relpath(state_path, REPO_ROOT)} (the discriminator at step {ck["step"]}, for the generator of '
          f'{os.path.relpath(shipped, REPO_ROOT)}; --init-d-from)')


if __name__ == '__main__':
    main()
