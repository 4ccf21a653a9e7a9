"""Hand work to Celery after the transaction commits, without letting a broker outage fail the request.

The database row is the source of truth; if the broker cannot take the message, the periodic
sweep finds the row and queues it later.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> None:
    transaction.on_commit(lambda: enqueue_now(task, **kwargs))


def enqueue_now(task, **kwargs) -> bool:
    try:
        task.apply_async(kwargs=kwargs, retry=True, retry_policy={"max_retries": 1, "interval_start": 0.2})
    except (OperationalError, OSError) as exc:
        logger.warning("Broker unavailable, %s(%s) left for the sweep: %s", task.name, kwargs, exc)
        return False
    return True
