"""Demo data for training files and benchmarks: a demo station, its staff and realistic cases.

Not the station's storage: it writes through the storage layer's bulk paths (`storage.driver`,
`storage.audit`, `storage.ledger`, `storage.stats`) into a file the desk marks as training.
"""

from hukou_desk.demo.cases import DEMO_STATION, DEMO_USERS, Report, ensure_demo_station, generate

__all__ = ["DEMO_STATION", "DEMO_USERS", "Report", "ensure_demo_station", "generate"]
