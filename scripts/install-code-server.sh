#!/usr/bin/env bash
# Installs what the integration tests need on a fresh Debian machine:
#   - Debian packages: chromium (driven by playwright-core), libkrb5-dev and a
#     C/C++ tool chain (code-server's native modules are built on install),
#     ripgrep (its binary stands in for the one @vscode/ripgrep would download);
#   - code-server, pinned below, from the npm registry into .cache/code-server/.
#
# Idempotent: does nothing when everything is already there at the right version.
# Usage: bash scripts/install-code-server.sh        (npm run setup:code-server)
#   CODE_SERVER_FORCE=1  reinstall code-server even when the right version is there
#   SKIP_APT=1           do not touch Debian packages (you installed them yourself)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# The @vscode/ripgrep that this code-server pins, and the ripgrep release it fetches.
VSCODE_RIPGREP_VERSION=1.15.11
RIPGREP_RELEASE=v13.0.0-10
# python3-pil and libimage-exiftool-perl: two other readers of our PNG text chunks (unit tests).
APT_PACKAGES=(chromium libkrb5-dev ripgrep python3 make g++ pkg-config ca-certificates python3-pil libimage-exiftool-perl)
# Dependencies whose install scripts must run (npm >= 11.19 skips unapproved
# ones; every version is pinned by code-server's npm-shrinkwrap.json files).
TOP_ALLOW_SCRIPTS=argon2
NESTED_ALLOW_SCRIPTS=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty,esbuild
# Windows-only native modules: nothing to build on Linux.
NESTED_DENY_SCRIPTS=@vscode/windows-ca-certs,@vscode/windows-process-tree,@vscode/windows-registry

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.cache/code-server"
bin="$prefix/node_modules/.bin/code-server"

log() { printf '[install-code-server] %s\n' "$*"; }

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
installed_version() {
	[ -x "$bin" ] || return 1
	# Prints "4.100.3 <commit> with Code 1.100.3". --config: else a first run
	# writes a default ~/.config/code-server/config.yaml (and logs that first).
	"$bin" --config /dev/null --version 2>/dev/null | grep -m1 -oE '^[0-9]+\.[0-9]+\.[0-9]+ ' | tr -d ' '
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
seed_ripgrep_cache() {
	local target rg cache tarball tmp
	target="$(ripgrep_target)" || { log "no ripgrep seed for $(uname -m); @vscode/ripgrep will download it"; return; }
	rg="$(command -v rg || true)"
	if [ -z "$rg" ]; then
		log "rg not on PATH; @vscode/ripgrep will try to download it"
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
	log "seeded $tarball from $rg"
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

install_code_server() {
	local current
	current="$(installed_version || true)"
	if [ "$current" = "$CODE_SERVER_VERSION" ] && [ "${CODE_SERVER_FORCE:-}" != 1 ]; then
		log "code-server $CODE_SERVER_VERSION already installed in .cache/code-server"
		return
	fi
	if [ "$(node -p 'process.versions.node.split(".")[0]')" != 20 ]; then
		log "code-server $CODE_SERVER_VERSION needs Node.js 20; this is $(node --version)"
		exit 1
	fi
	log "installing code-server $CODE_SERVER_VERSION into .cache/code-server (several minutes: native modules are compiled)"
	seed_ripgrep_cache

	rm -rf "$prefix"
	mkdir -p "$prefix"
	# node-gyp downloads Node's headers unless it is pointed at local ones.
	local nodedir_env=() node_prefix
	node_prefix="$(dirname "$(dirname "$(command -v node)")")"
	if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/common.gypi" ] &&
		grep -q "define NODE_MAJOR_VERSION $(node -p 'process.versions.node.split(".")[0]')\$" "$node_prefix/include/node/node_version.h"; then
		nodedir_env=("npm_config_nodedir=$node_prefix")
	fi
	# postinstall.sh refuses to run as root unless npm_config_unsafe_perm=true.
	local npm_env=(
		npm_config_unsafe_perm=true
		npm_config_yes=true
		npm_config_audit=false
		npm_config_fund=false
		npm_config_update_notifier=false
		"${nodedir_env[@]}"
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
	(cd "$prefix" && env "${npm_env[@]}" npm install --no-save "code-server@$CODE_SERVER_VERSION")

	local pkg_dir="$prefix/node_modules/code-server"
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
	if [ "$current" != "$CODE_SERVER_VERSION" ]; then
		log "code-server did not install: '$bin --version' gave '${current:-nothing}'"
		exit 1
	fi
	local rg_bin="$prefix/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
	if [ ! -x "$rg_bin" ]; then
		log "code-server's ripgrep is missing ($rg_bin): its install scripts did not run"
		exit 1
	fi
	log "installed: $("$bin" --config /dev/null --version 2>/dev/null | head -n1)"
}

install_apt_packages
install_code_server
