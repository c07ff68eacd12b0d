"""The frozen bundle's entry point: the same `main` as `python -m hukou_desk`."""

from hukou_desk.__main__ import main

raise SystemExit(main())
