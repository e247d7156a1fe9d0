"""serve.py: the production launcher's tuning, on real loopback sockets."""

from __future__ import annotations

import asyncio
import socket
from asyncio import base_events
from concurrent.futures import ThreadPoolExecutor

import pytest

import serve


async def nodelay_of_accepted_connection() -> int:
    """TCP_NODELAY on the server side of one connection, accepted the way uvicorn does."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    # Like uvicorn under Streamlit 1.67: a listening socket created with proto 0.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    server = await asyncio.start_server(handle, sock=listener)
    async with server:
        _, writer = await asyncio.open_connection(*listener.getsockname())
        value = await asyncio.wait_for(accepted, 5)
        writer.close()
    return value


def nodelay_in_a_fresh_loop() -> int:
    # A thread of its own: the browser tests' Playwright keeps a loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, nodelay_of_accepted_connection()).result(timeout=30)


def test_tune_turns_nagle_off_where_asyncio_leaves_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base_events, "_set_nodelay", base_events._set_nodelay)  # restored after
    assert nodelay_in_a_fresh_loop() == 0  # the problem serve.py fixes
    serve.tune()
    assert nodelay_in_a_fresh_loop() != 0
