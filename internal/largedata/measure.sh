#!/usr/bin/env bash
# The large-data measurement: writes a 1,000,000 x 20 CSV (about 220 MB)
# from a fixed seed, measures loading it, times `nnexp validate` of an
# experiment on it, then a whole `nnexp run` of a tiny model on it
# (internal/largedata/main.go has the experiment).
#
#   internal/largedata/measure.sh [DIR]     # DIR defaults to a new temporary folder
#
# Needs GNU time (/usr/bin/time; apt-get install -y time). Not part of
# `go test ./...`: it takes about a minute and 220 MB of disk.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /usr/bin/time ] || { echo "measure.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"

go build -o "$dir/nnexp" ./cmd/nnexp
go build -o "$dir/largedata" ./internal/largedata
"$dir/largedata" gen "$dir"

echo "== loading $dir/large.csv ($(stat -c %s "$dir/large.csv") bytes)"
"$dir/largedata" load "$dir/large.csv"

# validate reads the CSV's header only, so it costs what a tiny file does.
echo "== nnexp validate $dir/large.hcl"
/usr/bin/time -v "$dir/nnexp" validate "$dir/large.hcl" 2> "$dir/time.txt" || { cat "$dir/time.txt"; exit 1; }
grep -E 'Elapsed|Maximum resident' "$dir/time.txt"

echo "== nnexp run $dir/large.hcl"
/usr/bin/time -v "$dir/nnexp" run "$dir/large.hcl" --out "$dir/out" --quiet 2> "$dir/time.txt" || { cat "$dir/time.txt"; exit 1; }
grep -E 'Elapsed|User time|Maximum resident' "$dir/time.txt"
cat "$dir/out/summary.csv"
