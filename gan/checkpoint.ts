/**
 * Training checkpoints: every tensor the run needs to continue exactly where it
 * stopped (both models, the EMA copy of the generator, both Adam states) in one
 * binary file with a JSON index. Written to temporary names and renamed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** What `Optimizer.getWeights()` returns and `setWeights()` takes. */
export interface NamedTensor {
	readonly name: string;
	readonly tensor: tf.Tensor;
}

export interface CheckpointIndexEntry {
	readonly key: string;
	readonly shape: number[];
	readonly offset: number;
	readonly length: number;
}

export interface CheckpointState<Extra> {
	readonly step: number;
	readonly extra: Extra;
	readonly groups: Readonly<Record<string, readonly tf.Tensor[]>>;
	readonly named: Readonly<Record<string, readonly NamedTensor[]>>;
}

interface IndexFile<Extra> {
	readonly step: number;
	readonly extra: Extra;
	readonly entries: readonly CheckpointIndexEntry[];
	readonly names: Readonly<Record<string, readonly string[]>>;
}

export async function saveCheckpoint<Extra>(dir: string, state: CheckpointState<Extra>): Promise<void> {
	await fs.promises.mkdir(dir, { recursive: true });
	const entries: CheckpointIndexEntry[] = [];
	const chunks: Buffer[] = [];
	let offset = 0;
	const add = async (key: string, t: tf.Tensor): Promise<void> => {
		const data = Float32Array.from(await t.data());
		const buf = Buffer.from(data.buffer);
		entries.push({ key, shape: t.shape.slice(), offset, length: data.length });
		chunks.push(buf);
		offset += buf.length;
	};
	for (const [group, tensors] of Object.entries(state.groups)) {
		for (let i = 0; i < tensors.length; i++) {
			await add(`${group}/${i}`, tensors[i]);
		}
	}
	const names: Record<string, string[]> = {};
	for (const [group, tensors] of Object.entries(state.named)) {
		names[group] = tensors.map((t) => t.name);
		for (let i = 0; i < tensors.length; i++) {
			await add(`${group}/${i}`, tensors[i].tensor);
		}
	}
	const index: IndexFile<Extra> = { step: state.step, extra: state.extra, entries, names };
	await fs.promises.writeFile(path.join(dir, 'state.bin.tmp'), Buffer.concat(chunks));
	await fs.promises.writeFile(path.join(dir, 'state.json.tmp'), JSON.stringify(index));
	await fs.promises.rename(path.join(dir, 'state.bin.tmp'), path.join(dir, 'state.bin'));
	await fs.promises.rename(path.join(dir, 'state.json.tmp'), path.join(dir, 'state.json'));
}

export interface LoadedCheckpoint<Extra> {
	readonly step: number;
	readonly extra: Extra;
	/** Tensors of a plain group, in saved order. */
	group(name: string): tf.Tensor[];
	/** Named tensors (optimizer state), in saved order. */
	named(name: string): NamedTensor[];
}

export function hasCheckpoint(dir: string): boolean {
	return fs.existsSync(path.join(dir, 'state.json')) && fs.existsSync(path.join(dir, 'state.bin'));
}

export async function loadCheckpoint<Extra>(dir: string): Promise<LoadedCheckpoint<Extra>> {
	const index = JSON.parse(await fs.promises.readFile(path.join(dir, 'state.json'), 'utf8')) as IndexFile<Extra>;
	const bin = await fs.promises.readFile(path.join(dir, 'state.bin'));
	const tensorOf = (e: CheckpointIndexEntry): tf.Tensor => {
		const values = new Float32Array(e.length);
		Buffer.from(values.buffer).set(bin.subarray(e.offset, e.offset + e.length * 4));
		return tf.tensor(values, e.shape, 'float32');
	};
	const inGroup = (name: string): CheckpointIndexEntry[] =>
		index.entries.filter((e) => e.key.startsWith(`${name}/`))
			.sort((a, b) => Number(a.key.slice(name.length + 1)) - Number(b.key.slice(name.length + 1)));
	return {
		step: index.step,
		extra: index.extra,
		group: (name) => inGroup(name).map(tensorOf),
		named: (name) => {
			const names = index.names[name] ?? [];
			return inGroup(name).map((e, i) => ({ name: names[i], tensor: tensorOf(e) }));
		},
	};
}
