"""Work for a request that its client may give up on."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from ..deadline import Deadline, bound
from ..errors import ClientClosed, ServiceError

# how often a request being read checks that its client is still there
DISCONNECT_POLL_S = 0.5


async def unless_client_leaves(request: Request, work):
    """``work``'s result; when the client hangs up first (its own timeout, a proxy that gave
    up), the work is cancelled, which stops the engine at its next step (``Admission.run``),
    and the slot goes to the next client instead of to an answer nobody reads."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=DISCONNECT_POLL_S)
            if done:
                return task.result()
            if await request.is_disconnected():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, ServiceError):
                    await task
                raise ClientClosed("the client closed the connection before the answer")
    finally:
        if not task.done():
            task.cancel()


async def in_thread_unless_client_leaves(request: Request, deadline: Deadline, fn, *args, pdf: bool = False):
    """``fn(*args)`` in a worker thread under ``deadline`` (a PDF child working for it past the
    deadline is killed: ``pdf_worker``); when the client hangs up first, the deadline is
    cancelled, which stops it the same way.

    With ``pdf`` (``fn`` needs a PDF child), a thread is taken only once a child is free
    (``app.state.pdf_slots``): PDFs waiting for a busy child wait here, not in threads of the
    pool every request draws on, so images are answered while they wait."""

    def run():
        with bound(deadline):
            return fn(*args)

    async def work():
        if not pdf:
            return await run_in_threadpool(run)
        async with _pdf_slot(request.app.state.pdf_slots, deadline):
            return await run_in_threadpool(run)

    try:
        return await unless_client_leaves(request, work())
    except BaseException:
        deadline.cancel()
        raise


@contextlib.asynccontextmanager
async def _pdf_slot(slots: asyncio.Semaphore, deadline: Deadline):
    """One of the PDF children's slots, waited for until ``deadline``; past it, the work runs
    without one and stops at its first checkpoint (a 504, as any work past its deadline)."""
    acquired = False
    try:
        # (not wait_for: on Python 3.11 it can return a slot granted as the task is cancelled,
        # and a client that hung up would go on to hold it)
        async with asyncio.timeout(max(deadline.remaining(), 0.0)):
            await slots.acquire()
        acquired = True
    except TimeoutError:
        pass
    try:
        yield
    finally:
        if acquired:
            slots.release()
