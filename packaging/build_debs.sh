#!/usr/bin/env bash
# build_debs.sh SOURCE_DIR OUT_DIR: builds the Debian packages of debian/ with dpkg-buildpackage,
# unsigned, source and binaries, into OUT_DIR (emptied first).
#
# dpkg-buildpackage writes beside the tree it builds, so it builds a copy under OUT_DIR: the
# source tree gets no build products, and the build directories (build*/) stay out of the
# source package. The copy goes once the build succeeds; its log stays, as build.log.
set -euo pipefail
source_dir=$(cd "$1" && pwd)
out_dir=$2

project_version=$(sed -n "s/^  version: '\([^']*\)',$/\1/p" "$source_dir/meson.build")
changelog_version=$(dpkg-parsechangelog -l "$source_dir/debian/changelog" -S Version)
if [ "$project_version" != "$changelog_version" ]; then
  echo "build_debs.sh: debian/changelog is at $changelog_version, meson.build at $project_version:" \
       "add a debian/changelog entry for $project_version" >&2
  exit 1
fi

rm -rf "$out_dir"
copy=$out_dir/connectel-sim-$project_version
mkdir -p "$copy"
tar -C "$source_dir" --exclude-vcs --anchored --exclude='./build*' --exclude='./subprojects' -cf - . |
  tar -C "$copy" -xf -

# Debian builds one job at a time unless told otherwise; nocheck: the package build has no tests
# (debian/rules configures -Dtests=false), they run in the build directories; noddebs: no
# package of debug symbols.
export DEB_BUILD_OPTIONS="parallel=$(nproc) nocheck noddebs"
# Without the package of debug symbols, -g only makes the compile slower: dh_strip drops it.
export DEB_CXXFLAGS_STRIP=-g
log=$out_dir/build.log
if ! (cd "$copy" && dpkg-buildpackage -us -uc) >"$log" 2>&1; then
  echo "build_debs.sh: dpkg-buildpackage failed (all it printed: $log):" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
rm -rf "$copy"
