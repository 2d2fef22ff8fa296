"""Run every benchmark and print their tables: `python bench/run_all.py [--quick] [--output FILE]`.

Installs the conformance suite's Node packages first when they are missing (Node 20 must be on
PATH for the Node columns). Each benchmark runs in its own process, one after another; on a
shared machine, run it when nothing else is busy, or compare medians of several runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import BENCH, ensure_node_packages

FULL = [
    ["commands.py", "--repeat", "5"],
    ["replay_throughput.py", "--repeat", "5"],
    ["save_to_result.py", "--saves", "50", "--tui-saves", "20"],
    ["startup.py", "--runs", "10"],
    ["memory.py"],
    ["http_costs.py"],
    ["clone_speed.py"],
    ["profile_command.py"],
    ["masking.py", "--rounds", "5"],
]
QUICK = [
    ["commands.py", "--quick"],
    ["replay_throughput.py", "--repeat", "1"],
    ["save_to_result.py", "--saves", "10", "--tui-saves", "5"],
    ["startup.py", "--runs", "3"],
    ["memory.py", "--events", "2000"],
    ["http_costs.py", "--requests", "500", "--repeat", "1"],
    ["clone_speed.py", "--events", "50", "--repeat", "1"],
    ["profile_command.py", "--events", "500"],
    ["masking.py", "--rounds", "1"],
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for checking that the scripts work")
    parser.add_argument("--output", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    if not ensure_node_packages():
        print("Node 20 was not found: the Node columns are left out.", file=sys.stderr)
    sections = []
    for script, *options in QUICK if args.quick else FULL:
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(BENCH / script), *options], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"{script} failed:\n{done.stdout}{done.stderr}")
        took = time.perf_counter() - started
        section = f"{done.stdout.rstrip()}\n({script} {' '.join(options)}: {took:.0f} s; load average before: {load})\n"
        print(section, flush=True)
        sections.append(section)
    if args.output:
        args.output.write_text("\n".join(sections), encoding="utf-8")


if __name__ == "__main__":
    main()
