#!/usr/bin/env bash
# The capacity benchmark (issue 15): K real Chromium operators against the published app, one run per K.
# Run it ALONE on the machine (no builds, tests or other benchmarks): its CPU figures are the machine's.
#   bench/capacity.sh                                   # K = 10, 30, 60; 180 s measured each (about 25 minutes)
#   bench/capacity.sh --operators 2 --duration 30       # a quick check that it works end to end
#   bench/capacity.sh --operators 10 --no-calls         # search → open → back only, to set beside the floor:
#   bench/capacity.sh --operators 10 --floor            # the same loop against a bare Blazor Server app (the floor)
#   bench/capacity.sh --steps 20 --call-every 1 --think-ms 300 --warm-up 90
#                                                       # one operator, each step's server CPU and circuit messages apart
# Options: --operators 10,30,60  --duration SECONDS  --warm-up SECONDS  --think-ms 1500  --type-delay-ms 80  --call-every 4  --no-calls  --floor  --steps N
#          --port 5187  --out bench/results.md
# Needs Debian's chromium and a Japanese font (./test.sh installs both). Writes its own section of bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d -t callcenter-capacity.XXXXXX)"
# The published app and the database are thrown away at the end (the app log is printed when a run fails).
trap 'status=$?; if ((status != 0)) && [[ -f "$work/app.log" ]]; then tail -n 40 "$work/app.log"; fi; rm -rf "$work"' EXIT
echo "publishing CallCenter.Web (Release) to $work/app"
# Published the way the README (Running a production server) says a production server is: Release, ReadyToRun (precompiled, so a restarted
# server does not spend its first minutes in the JIT while operators wait).
dotnet publish CallCenter.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/app" --nologo -v q
dotnet build bench/CallCenter.Capacity -c Release --nologo -v q
args=()
for a in "$@"; do
  if [[ "$a" == "--floor" ]]; then
    echo "publishing the floor (bench/CallCenter.CapacityFloor, Release) to $work/floor"
    dotnet publish bench/CallCenter.CapacityFloor -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/floor" --nologo -v q
    args+=(--floor "$work/floor")
  else
    args+=("$a")
  fi
done
dotnet run -c Release --no-build --project bench/CallCenter.Capacity -- --app "$work/app" --work "$work" "${args[@]}"
