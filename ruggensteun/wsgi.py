"""The WSGI application for gunicorn (deploy/), with Python's garbage collector told what
lives as long as the process (issue #15)."""

import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggensteun.settings")

application = get_wsgi_application()

# A full collection (generation 2) walks every object the process holds: in a warm worker
# that took 50-150 ms, a dozen times per worker in 300 requests, the slowest requests of
# every page (issue #15: p99 at most twice the median). What lives as long as the process
# (the code, the settings, the URL patterns; then the compiled templates, catalogues and
# clinical data a worker loads in its first requests) is moved out of the collector's way:
# once at start, after a collection, and once after WARM_REQUESTS requests, without one
# (a collection then is the same pause in a request; the little cyclic garbage of that
# moment is kept). Later collections walk only what was made after.
WARM_REQUESTS = 50
gc.collect()
gc.freeze()
_served = 0


def _freeze_when_warm(**kwargs: object) -> None:
    global _served
    _served += 1
    if _served == WARM_REQUESTS:
        gc.freeze()
        request_finished.disconnect(_freeze_when_warm)


request_finished.connect(_freeze_when_warm)
