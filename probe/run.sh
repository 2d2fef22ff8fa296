#!/bin/bash
# run.sh FILE [extra args]: run a probe handler under segtui with a 60 s outer bound; print exit code and output tail.
f=$1; shift
cd /tmp/wt-hostile10
PYTHONPATH=/tmp/wt-hostile10 timeout 60 python -m segtui run "probe/$f" --event track --timeout 3 ${OFFLINE---offline} "$@" > /tmp/wt-hostile10/probe/out.txt 2>&1
echo "== $f rc=$?"
tail -c 1500 /tmp/wt-hostile10/probe/out.txt
