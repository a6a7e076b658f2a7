#!/usr/bin/env node
// Runs a script on a Node.js release from .cache/node<major>, installing it from the npm
// registry first when it is missing (scripts/install-node.sh). For tools that need a newer
// Node.js than the one npm runs on: `npm run test:unit` runs mocha on Node 22, the Node of
// the oldest VS Code ImageGen supports and the oldest the `openai` SDK supports.
//
//   node scripts/node.mjs <major> <script.js> [args...]
import { spawn } from 'node:child_process';
import { ensureNode, nodeReleases } from './lib/codeServer.mjs';

const [major, ...args] = process.argv.slice(2);
if (!(major in nodeReleases) || args.length === 0) {
	console.error(`usage: node scripts/node.mjs <${Object.keys(nodeReleases).join('|')}> <script.js> [args...]`);
	process.exit(2);
}
const child = spawn(ensureNode(major), args, { stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
