#!/usr/bin/env bash
# Installs Node.js releases into the git-ignored .cache/node<major>/ from the npm
# registry: the `node-linux-<arch>` packages carry the official binary and its
# headers (node-gyp builds code-server's native modules against them). Nothing
# comes from anywhere but the registry, through npm itself.
#
# The versions are in scripts/lib/codeServer.mjs (nodeReleases). Idempotent: a
# release already there is left alone. Runs on any Node.js npm runs on (20 too).
# Usage: bash scripts/install-node.sh [MAJOR...]      (default: every major listed)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[install-node] %s\n' "$*"; }

case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) arch=x64 ;;
	Linux-aarch64 | Linux-arm64) arch=arm64 ;;
	*) log "no node-linux-* package for $(uname -s) $(uname -m)"; exit 1 ;;
esac

# "MAJOR VERSION" lines from the one table.
releases="$(cd "$root" && node --input-type=module -e '
	const { nodeReleases } = await import("./scripts/lib/codeServer.mjs");
	for (const [major, version] of Object.entries(nodeReleases)) console.log(major, version);
')"

version_of() {
	awk -v m="$1" '$1 == m { print $2 }' <<<"$releases"
}

install_node() {
	local major="$1" version dir current tmp
	version="$(version_of "$major")"
	if [ -z "$version" ]; then
		log "Node.js $major is not in nodeReleases (scripts/lib/codeServer.mjs)"
		exit 1
	fi
	dir="$root/.cache/node$major"
	current="$("$dir/bin/node" --version 2>/dev/null || true)"
	if [ "$current" = "v$version" ] && [ -f "$dir/include/node/common.gypi" ]; then
		log "Node.js $version already in .cache/node$major"
		return
	fi
	log "installing Node.js $version (npm package node-linux-$arch@$version) into .cache/node$major"
	mkdir -p "$root/.cache"
	tmp="$(mktemp -d "$root/.cache/.node$major.XXXXXX")"
	# `npm pack`: the package's tarball through npm's own registry client and cache, no install scripts.
	(cd "$tmp" && npm pack --silent --no-audit --no-fund "node-linux-$arch@$version" >/dev/null)
	mkdir "$tmp/node"
	tar -xzf "$tmp"/node-linux-"$arch"-"$version".tgz -C "$tmp/node" --strip-components=1
	current="$("$tmp/node/bin/node" --version 2>/dev/null || true)"
	if [ "$current" != "v$version" ]; then
		log "the unpacked node-linux-$arch@$version says '${current:-nothing}' for --version"
		rm -rf "$tmp"
		exit 1
	fi
	rm -rf "$dir"
	mv "$tmp/node" "$dir"
	rm -rf "$tmp"
	log "installed: .cache/node$major/bin/node $current"
}

if [ $# -eq 0 ]; then
	set -- $(awk '{ print $1 }' <<<"$releases")
fi
for major in "$@"; do
	install_node "$major"
done
