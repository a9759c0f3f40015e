#!/usr/bin/env bash
# Re-creates static/vendor/ from the npm registry at pinned versions and checks every file against
# static/vendor/MANIFEST.txt (package, version, file, sha256).
#
#   scripts/vendor.sh            fetch, unpack, copy, then verify against the manifest (fails on any difference)
#   scripts/vendor.sh --check    verify the committed files only (no network)
#   scripts/vendor.sh --write    fetch and copy, then rewrite the manifest (after a deliberate upgrade)
#
# Versions match what folium 0.20.0 asks for (folium.Map.default_js / MarkerCluster.default_js).
# Each tarball's npm integrity (sha512) is pinned too, so a re-published tarball is refused.
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=static/vendor
MANIFEST=$VENDOR/MANIFEST.txt

# name version integrity "tarball-path:vendored-path ..."
PACKAGES=(
  "leaflet|1.9.3|sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==|LICENSE:LICENSE dist/leaflet.js:leaflet.js dist/leaflet.css:leaflet.css dist/images/layers.png:images/layers.png dist/images/layers-2x.png:images/layers-2x.png dist/images/marker-icon.png:images/marker-icon.png dist/images/marker-icon-2x.png:images/marker-icon-2x.png dist/images/marker-shadow.png:images/marker-shadow.png"
  "leaflet.markercluster|1.1.0|sha512-eI+XkCiLiHwCC3uZ4/n4+Vq3rXcqEHN2lhHRVG1WVziy/3Q0TTipWkzEa1zO0dKZI2AnI5ppFDWrOjnQ7MJLKQ==|MIT-LICENCE.txt:MIT-LICENCE.txt dist/leaflet.markercluster.js:leaflet.markercluster.js dist/MarkerCluster.css:MarkerCluster.css dist/MarkerCluster.Default.css:MarkerCluster.Default.css"
)

sha256() { sha256sum "$1" | cut -d' ' -f1; }

check() {
  local bad=0 listed=0
  while IFS=$'\t' read -r pkg ver file sum; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    listed=$((listed + 1))
    if [[ ! -f "$VENDOR/$file" ]]; then echo "missing: $VENDOR/$file"; bad=1; continue; fi
    if [[ "$(sha256 "$VENDOR/$file")" != "$sum" ]]; then echo "checksum differs: $VENDOR/$file"; bad=1; fi
  done < "$MANIFEST"
  [[ $listed -gt 0 ]] || { echo "empty manifest"; exit 1; }
  [[ $bad -eq 0 ]] && echo "static/vendor: $listed files match $MANIFEST"
  return $bad
}

fetch() {
  local tmp; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  local out=()
  for spec in "${PACKAGES[@]}"; do
    IFS='|' read -r name version integrity files <<<"$spec"
    local tgz
    tgz="$tmp/$(cd "$tmp" && npm pack --silent "$name@$version" | tail -n1)"
    local got
    got="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tgz")"
    [[ "$got" == "$integrity" ]] || { echo "integrity mismatch for $name@$version: $got"; exit 1; }
    mkdir -p "$tmp/x-$name" && tar xzf "$tgz" -C "$tmp/x-$name"
    local dest="$VENDOR/$name-$version"
    rm -rf "$dest"
    for pair in $files; do
      local src=${pair%%:*} dst=${pair#*:}
      mkdir -p "$(dirname "$dest/$dst")"
      cp "$tmp/x-$name/package/$src" "$dest/$dst"
      chmod 0644 "$dest/$dst"
      out+=("$name	$version	$name-$version/$dst	$(sha256 "$dest/$dst")")
    done
  done
  if [[ "${1:-}" == "--write" ]]; then
    { echo "# package	version	file (under static/vendor/)	sha256 — written by scripts/vendor.sh --write"
      printf '%s\n' "${out[@]}"; } > "$MANIFEST"
    echo "wrote $MANIFEST"
  fi
}

case "${1:-}" in
  --check) check ;;
  --write) fetch --write; check ;;
  "") fetch; check ;;
  *) echo "usage: $0 [--check|--write]"; exit 2 ;;
esac
