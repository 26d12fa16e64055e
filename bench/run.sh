#!/usr/bin/env bash
# Runs the benchmark and writes bench/results.md. `bench/run.sh --quick` runs only the town-sized cases.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/CallCenter.Bench -- "$@"
