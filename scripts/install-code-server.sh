#!/usr/bin/env bash
# Installs what the integration and end-to-end tests need on a fresh Debian machine:
#   - Debian packages: chromium (driven by playwright-core), libkrb5-dev and a
#     C/C++ tool chain (code-server's native modules are built on install),
#     ripgrep (its binary stands in for the one @vscode/ripgrep would download);
#   - the Node.js each code-server needs, from the npm registry into .cache/node<major>/
#     (scripts/install-node.sh);
#   - every code-server in scripts/lib/codeServer.mjs (codeServers), from the npm
#     registry into .cache/code-server-<version>/, its native modules built with,
#     and for, that Node.js.
#
# Idempotent: does nothing when everything is already there at the right version.
# Usage: bash scripts/install-code-server.sh [VERSION...]   (npm run setup:code-server)
#   VERSION              a code-server version from the table (default: all of them)
#   CODE_SERVER_FORCE=1  reinstall code-server even when the right version is there
#   SKIP_APT=1           do not touch Debian packages (you installed them yourself)
set -euo pipefail

# python3-pil and libimage-exiftool-perl: two other readers of our PNG text chunks (unit tests).
APT_PACKAGES=(chromium libkrb5-dev ripgrep python3 make g++ pkg-config ca-certificates python3-pil libimage-exiftool-perl)
# Dependencies whose install scripts must run (npm >= 11.19 skips unapproved
# ones; every version is pinned by code-server's npm-shrinkwrap.json files).
# One list for every code-server in the table; a name a version does not use is ignored.
TOP_ALLOW_SCRIPTS=argon2
NESTED_ALLOW_SCRIPTS=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,@vscode/native-watchdog,node-pty,esbuild,@vscode/fs-copyfile,@vscode/sqlite3,koffi
# Windows-only native modules: nothing to build on Linux. ssh2's and cpu-features'
# optional native speed-ups (remote tunnels' SSH, not used here): ssh2 falls back to JavaScript.
NESTED_DENY_SCRIPTS=@vscode/windows-ca-certs,@vscode/windows-process-tree,@vscode/windows-registry,ssh2,cpu-features

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[install-code-server] %s\n' "$*"; }

# "CODE_SERVER_VERSION VSCODE_VERSION NODE_MAJOR" lines from the one table.
table="$(cd "$root" && node --input-type=module -e '
	const { codeServers } = await import("./scripts/lib/codeServer.mjs");
	for (const c of codeServers) console.log(c.version, c.vscode, c.node);
')"

# --- Debian packages --------------------------------------------------------
install_apt_packages() {
	if [ "${SKIP_APT:-}" = 1 ]; then
		log "SKIP_APT=1: not checking Debian packages"
		return
	fi
	local missing=()
	for p in "${APT_PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
	if [ ${#missing[@]} -eq 0 ]; then
		log "Debian packages present: ${APT_PACKAGES[*]}"
		return
	fi
	log "installing Debian packages: ${missing[*]}"
	local sudo=()
	if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
	# Lists may be missing on a fresh image; refresh once if the install fails.
	if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
		"${sudo[@]}" apt-get update
		DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
	fi
}

# --- code-server ------------------------------------------------------------
# Globals for the code-server being installed: set by install_code_server.
prefix='' entry='' node_bin=''

installed_version() {
	[ -f "$entry" ] && [ -x "$node_bin" ] || return 1
	# Prints "4.103.2 <commit> with Code 1.103.2". --config: else a first run
	# writes a default ~/.config/code-server/config.yaml (and logs that first).
	"$node_bin" "$entry" --config /dev/null --version 2>/dev/null | grep -m1 -oE '^[0-9]+\.[0-9]+\.[0-9]+ ' | tr -d ' '
}

ripgrep_target() {
	case "$(uname -m)" in
		x86_64) echo x86_64-unknown-linux-musl ;;
		aarch64 | arm64) echo aarch64-unknown-linux-musl ;;
		*) return 1 ;;
	esac
}

# @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless the release
# tarball is already in its cache folder; fill that cache from Debian's rg.
# seed_ripgrep_cache PKG_DIR: the @vscode/ripgrep version is the one code-server's
# lib/vscode/npm-shrinkwrap.json pins, the ripgrep release the one that package's
# postinstall fetches. (Newer code-servers use @vscode/ripgrep-universal, which
# carries its binaries: nothing to seed.)
seed_ripgrep_cache() {
	local pkg_dir="$1" target rg cache tarball tmp VSCODE_RIPGREP_VERSION RIPGREP_RELEASE
	VSCODE_RIPGREP_VERSION="$(node -p '
		const s = require(process.argv[1]);
		(s.packages?.["node_modules/@vscode/ripgrep"] ?? {}).version ?? ""
	' "$pkg_dir/lib/vscode/npm-shrinkwrap.json")"
	if [ -z "$VSCODE_RIPGREP_VERSION" ]; then
		log "code-server pins no @vscode/ripgrep: no ripgrep download to seed"
		return
	fi
	target="$(ripgrep_target)" || { log "no ripgrep seed for $(uname -m); @vscode/ripgrep will download it"; return; }
	rg="$(command -v rg || true)"
	if [ -z "$rg" ]; then
		log "rg not on PATH; @vscode/ripgrep will try to download it"
		return
	fi
	# The release: `const VERSION = 'v13.0.0-13'` in the package's lib/postinstall.js.
	tmp="$(mktemp -d)"
	(cd "$tmp" && npm pack --silent "@vscode/ripgrep@$VSCODE_RIPGREP_VERSION" >/dev/null)
	RIPGREP_RELEASE="$(tar -xzOf "$tmp"/vscode-ripgrep-*.tgz package/lib/postinstall.js | sed -n "s/^const VERSION = '\(v[^']*\)';.*/\1/p")"
	rm -rf "$tmp"
	if [ -z "$RIPGREP_RELEASE" ]; then
		log "could not read the ripgrep release from @vscode/ripgrep@$VSCODE_RIPGREP_VERSION; it will try to download it"
		return
	fi
	cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
	tarball="$cache/ripgrep-$RIPGREP_RELEASE-$target.tar.gz"
	if [ -s "$tarball" ] && tar -tzf "$tarball" | grep -qx rg; then
		return
	fi
	mkdir -p "$cache"
	tmp="$(mktemp -d)"
	cp "$rg" "$tmp/rg"
	chmod 755 "$tmp/rg"
	tar -czf "$tarball.tmp" -C "$tmp" rg
	mv "$tarball.tmp" "$tarball"
	rm -rf "$tmp"
	log "seeded $tarball from $rg (@vscode/ripgrep $VSCODE_RIPGREP_VERSION, ripgrep $RIPGREP_RELEASE)"
}

# set_allow_scripts PACKAGE_JSON ALLOWED DENIED: write npm's allowScripts field
# (comma-separated package names); creates the file when it does not exist.
set_allow_scripts() {
	node -e '
		const fs = require("fs");
		const [file, allow, deny] = process.argv.slice(1);
		const pkg = fs.existsSync(file)
			? JSON.parse(fs.readFileSync(file, "utf8"))
			: { name: "imagegen-code-server", private: true, description: "code-server for the integration tests, see scripts/install-code-server.sh" };
		const names = (list) => list.split(",").filter(Boolean);
		pkg.allowScripts = Object.fromEntries([
			...names(allow).map((n) => [n, true]),
			...names(deny).map((n) => [n, false]),
		]);
		fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
	' "$@"
}

# install_code_server VERSION VSCODE_VERSION NODE_MAJOR
install_code_server() {
	local version="$1" vscode="$2" major="$3" current
	prefix="$root/.cache/code-server-$version"
	entry="$prefix/node_modules/code-server/out/node/entry.js"
	node_bin="$root/.cache/node$major/bin/node"
	bash "$root/scripts/install-node.sh" "$major"
	current="$(installed_version || true)"
	if [ "$current" = "$version" ] && [ "${CODE_SERVER_FORCE:-}" != 1 ]; then
		log "code-server $version (VS Code $vscode) already installed in .cache/code-server-$version"
		return
	fi
	log "installing code-server $version (VS Code $vscode) on Node.js $major into .cache/code-server-$version (several minutes: native modules are compiled)"

	rm -rf "$prefix"
	mkdir -p "$prefix"
	# npm, node-gyp and every install script run on this Node.js (npm's own
	# `#!/usr/bin/env node` included): first on PATH. node-gyp builds against its
	# headers instead of downloading them.
	local node_dir
	node_dir="$(dirname "$(dirname "$node_bin")")"
	# postinstall.sh refuses to run as root unless npm_config_unsafe_perm=true.
	local npm_env=(
		"PATH=$node_dir/bin:$PATH"
		"npm_config_nodedir=$node_dir"
		npm_config_unsafe_perm=true
		npm_config_yes=true
		npm_config_audit=false
		npm_config_fund=false
		npm_config_update_notifier=false
	)

	# Install scripts (npm >= 11.19 runs only approved ones). code-server's own
	# postinstall runs `npm install` again in lib/vscode and lib/vscode/extensions;
	# those nested, project-scoped installs read only their own package.json's
	# allowScripts, fail on an allow-scripts setting in the environment, and any
	# allow-scripts from an npmrc is exported to that environment. So:
	#   1. install code-server with its own postinstall held back (our own
	#      package.json there also keeps npm from installing into the repository),
	#   2. write the approvals into the two nested package.json files,
	#   3. run code-server's postinstall.
	set_allow_scripts "$prefix/package.json" "$TOP_ALLOW_SCRIPTS" code-server

	# Not `npm install --prefix`: a CLI --prefix would be exported to the
	# postinstall's environment and the nested installs would land in $prefix.
	(cd "$prefix" && env "${npm_env[@]}" npm install --no-save "code-server@$version")

	local pkg_dir="$prefix/node_modules/code-server"
	seed_ripgrep_cache "$pkg_dir"
	for nested in lib/vscode lib/vscode/extensions; do
		set_allow_scripts "$pkg_dir/$nested/package.json" "$NESTED_ALLOW_SCRIPTS" "$NESTED_DENY_SCRIPTS"
	done
	if [ -d "$pkg_dir/lib/vscode/node_modules" ]; then
		log "code-server's postinstall already ran (an npm without install-script approvals)"
	else
		log "running code-server's postinstall (compiles node-pty, spdlog, kerberos, ...)"
		(cd "$pkg_dir" && env "${npm_env[@]}" npm run postinstall --foreground-scripts)
	fi

	current="$(installed_version || true)"
	if [ "$current" != "$version" ]; then
		log "code-server did not install: its --version gave '${current:-nothing}'"
		exit 1
	fi
	# The rg that VS Code's search uses (from @vscode/ripgrep or @vscode/ripgrep-universal), and that runs here.
	local rg_bin='' candidate
	while IFS= read -r candidate; do
		if "$candidate" --version >/dev/null 2>&1; then rg_bin="$candidate"; break; fi
	done < <(find "$pkg_dir/lib/vscode/node_modules/@vscode" -path '*ripgrep*' -name rg -type f 2>/dev/null)
	if [ -z "$rg_bin" ]; then
		log "code-server's ripgrep is missing (no rg that runs under lib/vscode/node_modules/@vscode/ripgrep*): its install scripts did not run"
		exit 1
	fi
	log "installed: $("$node_bin" "$entry" --config /dev/null --version 2>/dev/null | grep -m1 -E "^[0-9]+\.[0-9]+\.[0-9]+ ") on Node.js $("$node_bin" --version)"
}

mapfile -t rows <<<"$table"
for wanted in "$@"; do
	if ! printf '%s\n' "${rows[@]}" | grep -q "^$wanted "; then
		log "code-server $wanted is not in scripts/lib/codeServer.mjs (codeServers): $(printf '%s ' "${rows[@]%% *}")"
		exit 2
	fi
done
install_apt_packages
for row in "${rows[@]}"; do
	read -r version vscode major <<<"$row"
	if [ $# -gt 0 ] && [[ " $* " != *" $version "* ]]; then
		continue
	fi
	install_code_server "$version" "$vscode" "$major"
done
