#!/usr/bin/env bash
# Every test tier: unit, integration (real Postgres at 127.0.0.1:5432), then the production build
# under Playwright in Chromium, then a short run of every fault scenario against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
npx vitest run --project unit
npx vitest run --project int
npx next build
npx playwright test
npm run faults -- --short
