#!/usr/bin/env bash
# Runs the benchmark and writes bench/results.md. `bench/run.sh --quick` runs only the town-sized cases.
# The benchmark runs as production does (README, "Running a production server"): published Release, ReadyToRun, so a
# scenario's child process measures the code as deployed, not the JIT compiling it on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(mktemp -d "${TMPDIR:-/tmp}/callcenter-bench-app.XXXXXX")"
trap 'rm -rf "$app"' EXIT
dotnet publish bench/CallCenter.Bench -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$app" --nologo -v q
dotnet "$app/CallCenter.Bench.dll" "$@"
