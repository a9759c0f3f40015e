"""Admin accounts: users, passwords, login throttling, session records, the audit log. Pure: no Flask."""
import time


def now() -> float:
    """Seconds since the epoch; one place for tests to reason about time."""
    return time.time()
