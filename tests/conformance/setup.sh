#!/usr/bin/env bash
# Install the Node reference's pinned packages (node-fetch, lodash, atob, btoa, aws-sdk and the other packages Segment pre-loads) from the lockfile.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
