"""Run segtui as `python -m segtui`."""

from segtui.cli import main

raise SystemExit(main())
