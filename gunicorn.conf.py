"""gunicorn settings for `make serve`: `gunicorn -c gunicorn.conf.py`. Settings come from WUSHENG_<NAME>
(config.py; docs/deploy.md), so one environment file configures an instance."""
import multiprocessing

import deploy.one_write as _one_write

# Not `import config`: gunicorn reads every top-level name here as one of its settings, and `config` is one.
from config import value as setting

wsgi_app = "wsgi:app"
bind = [address.strip() for address in str(setting("BIND")).split(",") if address.strip()]
# Sync workers: the work is CPU-bound (pages, plans) and nginx buffers slow clients in front of them.
# 2 x cores + 1 keeps every core busy while one worker waits on the disk or the network.
workers = int(setting("WORKERS")) or 2 * multiprocessing.cpu_count() + 1
# Import the app, load the catalog and warm the solver once in the master; workers fork ready, sharing memory
# pages. The cost: new code needs a full restart (a HUP forks new workers from the code already loaded).
preload_app = True
# A plan is bounded by PLAN_EXACT_SECONDS (a few seconds); anything far slower is a stuck worker.
timeout = 60
graceful_timeout = 20
errorlog = "-"
# Several instances run on one machine (deploy/): the control socket's default path would be shared by all.
# Instances are managed with signals (systemd's reload/stop) instead.
control_socket_disable = True
# Headers and body in one write: a worker that dies mid-response never leaves nginx a header it cannot retry.
_one_write.install()


def post_worker_init(worker):
    """A public instance on another machine (CATALOG_URL): every worker follows the admin's catalog feed from its
    start, not from its first request (web/live_catalog.py)."""
    from web.live_catalog import follow_feed_now

    follow_feed_now(worker.wsgi)
