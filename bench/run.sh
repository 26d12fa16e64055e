#!/usr/bin/env bash
# Runs the benchmark and writes bench/results.md. `bench/run.sh --quick` runs only the town-sized cases.
# The bench is published as a production server is (Release, ReadyToRun: README, "Running a production server"), so a
# short scenario (a town's register import) measures the code a server runs, not the JIT compiling it; product and floor
# run from the same build. Any arguments go to the bench (e.g. --scenario NAME N CSV DB for one scenario by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
app=bench/CallCenter.Bench/bin/publish
dotnet publish bench/CallCenter.Bench -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$app" --nologo -v q
# The concurrency scenarios host the web app in the bench's process: its static web assets manifests (which a console
# app's publish leaves out) from the build the publish made.
cp bench/CallCenter.Bench/bin/Release/net10.0/linux-x64/CallCenter.Web.staticwebassets.*.json "$app/"
dotnet build-server shutdown > /dev/null 2>&1 || true
exec dotnet "$app/CallCenter.Bench.dll" "$@"
