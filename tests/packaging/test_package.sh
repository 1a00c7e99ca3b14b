#!/usr/bin/env bash
# The Debian package: the desktop file and AppStream metainfo validate, `cpack -G DEB` builds a
# package whose Depends come from the binary's real libraries, and the packaged binary starts
# (--version, and a snapshot of the Services page against the local stack).
#   usage: test_package.sh SOURCE_DIR BUILD_DIR STACK_DIR
set -euo pipefail
src=$1 build=$2 stackdir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

desktop-file-validate "$src/packaging/org.sagadeck.Console.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$src/packaging/org.sagadeck.Console.metainfo.xml" || fail "appstreamcli validate"

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/out/sagadeck_*.deb 2>/dev/null | head -1)
[[ -n "$deb" ]] || { cat "$work/cpack.log"; fail "no .deb produced"; }
echo "built $(basename "$deb")"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libqt6widgets6 libqt6network6 libqt6charts6 libpqxx librdkafka libyaml-cpp qt6-qpa-plugins; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/sagadeck ./usr/share/applications/org.sagadeck.Console.desktop \
         ./usr/share/metainfo/org.sagadeck.Console.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/org.sagadeck.Console.svg; do
  grep -q " $f\$" <<<"$contents" || fail "package lacks $f"
done

# The packaged binary, unpacked, starts and talks to the stack.
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/sagadeck" --version | grep -q "^sagadeck " || fail "--version"
"$src/stack/stack" --dir "$stackdir" env --out "$work/profile.yaml" >/dev/null
QT_QPA_PLATFORM=offscreen "$work/root/usr/bin/sagadeck" snapshot --config "$work/profile.yaml" \
  --page services --json "$work/services.json" --timeout 30 || fail "snapshot from the packaged binary"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['services']['deployments'])==4, d" \
  "$work/services.json" || fail "the packaged binary's snapshot has no deployments"
echo "package OK"
