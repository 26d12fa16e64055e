#!/usr/bin/env bash
# Runs every test of CallCenter.sln and ends with one line: "N passed, N failed, N skipped".
# Installs what the browser tests need (Debian's chromium and a Japanese font) when it is missing.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Browser".
# Exit status: 0 when every test passed, 1 when a test failed or the build failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

results_dir="TestResults/test.sh"
trx_name="results.trx"
apt_log="$(mktemp -t callcenter-apt.XXXXXX.log)"
trap 'rm -f "$apt_log"' EXIT

say() { printf '== %s\n' "$*"; }

# --- what the browser tests need ---------------------------------------------------------------
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [[ -z "$(fc-list :lang=ja 2>/dev/null | head -n 1)" ]]; then
    missing+=(fonts-noto-cjk)
fi
if ((${#missing[@]} > 0)); then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo=(sudo); fi
    fi
    say "installing ${missing[*]} (apt-get, about 2 minutes)"
    if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >"$apt_log" 2>&1 &&
       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
        say "installed ${missing[*]}"
    else
        say "could not install ${missing[*]}; the browser tests will fail. Last lines of apt-get:"
        tail -n 15 "$apt_log"
    fi
else
    say "chromium and a Japanese font are installed"
fi

if [[ -z "${CALLCENTER_TEST_SQLSERVER:-}" ]]; then
    say "SQL Server tests will be SKIPPED: CALLCENTER_TEST_SQLSERVER is not set (set it to a SQL Server connection string to run them)"
else
    say "SQL Server tests run against CALLCENTER_TEST_SQLSERVER"
fi

# --- run ---------------------------------------------------------------------------------------
rm -rf "$results_dir"
say "dotnet test CallCenter.sln $*"
# Skipped tests are listed in the TRX file; leaving their lines out keeps the console readable.
dotnet test CallCenter.sln --nologo \
    --logger "trx;LogFileName=$trx_name" --results-directory "$results_dir" "$@" 2>&1 |
    grep -Ev '^[[:space:]]+Skipped |\[SKIP\]$'
test_status=${PIPESTATUS[0]}

# --- count -------------------------------------------------------------------------------------
trx="$results_dir/$trx_name"
if [[ ! -f "$trx" ]]; then
    say "no test results (the build failed or the test host crashed): dotnet test exited $test_status"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

counter() { grep -o '<Counters [^>]*>' "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
total=$(counter total)
executed=$(counter executed)
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
skipped=$(( total - executed ))

sqlserver_skipped=$(grep -o '<UnitTestResult [^>]*>' "$trx" | grep 'outcome="NotExecuted"' | grep -c 'OnSqlServer' || true)
if ((sqlserver_skipped > 0)); then
    say "SQL Server: $sqlserver_skipped test(s) skipped because CALLCENTER_TEST_SQLSERVER is not set"
fi
say "results: $trx; screenshots: CallCenter.Tests/bin/*/net10.0/TestResults/screenshots/"

if ((test_status != 0 && failed == 0)); then
    say "dotnet test exited $test_status although no test failed: counting it as a failure"
    failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0 && test_status == 0))
