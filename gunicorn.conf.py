"""gunicorn settings for `make serve`: `gunicorn -c gunicorn.conf.py`. Settings come from WUSHENG_<NAME>
(config.py; docs/deploy.md), so one environment file configures an instance."""
import deploy.one_write as _one_write
import web.platform.heavy_work as _heavy

# Not `import config`: gunicorn reads every top-level name here as one of its settings, and `config` is one.
from config import value as setting

wsgi_app = "wsgi:app"
bind = [address.strip() for address in str(setting("BIND")).split(",") if address.strip()]
# Sync workers: the work is CPU-bound (pages, plans) and nginx buffers slow clients in front of them.
# 2 x cores + 1 keeps every core busy while one worker waits on the disk or the network; plans get workers of
# their own on top (web/platform/heavy_work.py: at most PLAN_SLOTS running and PLAN_QUEUE waiting), so a
# burst of plans leaves the pages theirs. Cores = those this process may use (taskset), not the machine's.
workers = int(setting("WORKERS")) or _heavy.workers(None, int(setting("PLAN_SLOTS")), int(setting("PLAN_QUEUE")))
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
    """Each worker follows the admin's catalog feed from its start when the catalog lives on another machine
    (CATALOG_URL, web/platform/live_catalog.py), then makes each public page before it takes visitors
    (web/platform/warm_up.py):
    after the master's warm-up, what is left is the worker's first touch of the memory it shares with the master."""
    from web.platform.live_catalog import follow_feed_now

    follow_feed_now(worker.wsgi)
    if setting("WARM_UP") and hasattr(worker.wsgi, "test_client"):
        from web.platform.warm_up import warm

        warm(worker.wsgi, light=True)
