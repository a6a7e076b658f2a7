import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EngineId } from '../core/engines';
import type { Log } from '../log';
import { toHistoryEntry, type HistoryStore, type StoredEntry } from '../preview/historyStore';
import type { GeneratedImage, GenerationResult, ProgressUpdate } from '../providers/engine';
import { saveGeneratedImage, type SavedImage } from '../workspace/imageFiles';
import type { JobFailure, Jobs } from './jobs';

/** What every image job uses. */
export interface JobServices {
	readonly log: Log;
	readonly workspaceState: vscode.Memento;
	/** Where an image goes when its destination cannot be written. */
	readonly rescueFolder: vscode.Uri;
	readonly history: HistoryStore;
	readonly jobs: Jobs;
}

/** Who asked: a tool call's cancellation, and whether failures are shown (not to a tool, whose caller gets them). */
export interface JobCaller {
	readonly token?: vscode.CancellationToken;
	readonly notify: boolean;
	/** Words an unexpected error. */
	failure(detail: string): string;
}

/** Where one image is saved, as what, and whether it may replace a file there. */
export interface SaveTarget {
	readonly uri: vscode.Uri;
	readonly bytes: Uint8Array;
	readonly overwrite: boolean;
}

/** What the link step did; `historyLink` is the link the history keeps. */
export interface Linked {
	readonly historyLink: string;
}

/** The parts of an image job that differ between its kinds (generate, edit, …), planned before anything is spent. */
export interface ImageJob<L extends Linked> {
	readonly prompt: string;
	readonly engine: EngineId;
	/** The job's card in the panel. */
	readonly details: string;
	run(token: vscode.CancellationToken, report: (update: ProgressUpdate) => void): Promise<GenerationResult>;
	/** Where image `index` goes; undefined: not saved. */
	target(image: GeneratedImage, index: number, result: GenerationResult): Promise<SaveTarget | undefined>;
	/** The log's line for a saved image. */
	logLine(saved: SavedImage): string;
	/** What the user is told when the first image had to be rescued. */
	rescuedMessage(saved: SavedImage): string;
	link(saved: readonly SavedImage[], result: GenerationResult): Promise<L>;
	/** The history entry's details. */
	historyDetails(result: GenerationResult): string;
	/** Called when the job ended, whichever way. */
	dispose?(): void;
}

export interface JobDone<L extends Linked> {
	readonly ok: true;
	readonly saved: readonly SavedImage[];
	readonly result: GenerationResult;
	readonly linked: L;
	readonly entry: StoredEntry;
	/** performance.now() when every file was written. */
	readonly savedAt: number;
}

export type JobOutcome<L extends Linked> = JobDone<L> | ({ readonly ok: false } & JobFailure);

/**
 * The one flow of every image job: plan (prompt and destination; undefined when the user backed
 * out) → announce → run the engine → save (never overwriting unless allowed, rescued when the
 * destination fails) → link → history → the card becomes its entry. A failure anywhere is
 * reported once, by `Jobs.fail`.
 */
export async function runImageJob<L extends Linked>(services: JobServices, caller: JobCaller, plan: () => Promise<ImageJob<L> | undefined>): Promise<JobOutcome<L> | undefined> {
	let job: ImageJob<L> | undefined;
	let announced: string | undefined;
	try {
		job = await plan();
		if (!job) {
			return undefined;
		}
		const id = randomUUID();
		const startedAt = Date.now();
		const planned = job;
		services.jobs.announce({ id, prompt: job.prompt, engine: job.engine, details: job.details, startedAt });
		announced = id;
		const result = await services.jobs.run(id, (token, report) => planned.run(token, report), caller.token);
		const saved = await saveAll(services, job, result);
		const savedAt = performance.now();
		const linked = await job.link(saved, result);
		const entry = await record(services, job, { id, startedAt, saved, result, link: linked.historyLink });
		return { ok: true, saved, result, linked, entry, savedAt };
	} catch (err) {
		return { ok: false, ...services.jobs.fail(err, (detail) => caller.failure(detail), announced, caller.notify) };
	} finally {
		job?.dispose?.();
	}
}

/** Saved before anything else can fail; the first image's rescue is told. */
async function saveAll<L extends Linked>(services: JobServices, job: ImageJob<L>, result: GenerationResult): Promise<SavedImage[]> {
	const saved: SavedImage[] = [];
	for (const [i, image] of result.images.entries()) {
		const target = await job.target(image, i, result);
		if (target) {
			saved.push(await saveGeneratedImage(target.uri, target.bytes, target.overwrite, services.rescueFolder));
		}
	}
	for (const s of saved) {
		services.log.info(job.logLine(s));
	}
	if (saved[0]?.rescued) {
		void vscode.window.showErrorMessage(job.rescuedMessage(saved[0]));
	}
	return saved;
}

interface Made {
	readonly id: string;
	readonly startedAt: number;
	readonly saved: readonly SavedImage[];
	readonly result: GenerationResult;
	readonly link: string;
}

/** The history entry, and the panel's card turned into it. */
async function record<L extends Linked>(services: JobServices, job: ImageJob<L>, made: Made): Promise<StoredEntry> {
	const entry: StoredEntry = {
		id: made.id,
		prompt: job.prompt,
		engine: made.result.parameters.engine,
		details: job.historyDetails(made.result),
		createdAt: made.startedAt,
		elapsedMs: Date.now() - made.startedAt,
		files: made.saved.map((s) => s.uri.toString()),
		link: made.link,
		seed: made.result.parameters.seed,
	};
	await services.history.add(entry);
	services.jobs.finished(made.id, await toHistoryEntry(entry));
	return entry;
}
