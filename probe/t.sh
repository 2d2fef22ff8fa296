#!/bin/bash
# tmux helper: t.sh keys... ; t.sh cap ; t.sh start WxH args...
S="tmux -L user6"
case "$1" in
  start) shift; size=$1; shift; $S kill-session -t u 2>/dev/null; $S new -d -s u -x ${size%x*} -y ${size#*x} "cd /tmp/wt-user6 && PYTHONPATH=/tmp/wt-user6 ${ENVV} python -m segtui $* ; echo EXITED \$?; sleep 600";;
  cap) $S capture-pane -p;;
  lit) shift; $S send-keys -l "$*";;
  *) $S send-keys "$@";;
esac
