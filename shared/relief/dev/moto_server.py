"""moto, answering one request at a time: in this process (under `mock_aws`) or as a server that the
worker processes of `relief run --workers` share.

A DynamoDB conditional write is atomic in AWS; in moto the condition is checked and the item written
in two Python steps, so two requests handled at once (two threads, or two workers' requests on a
threaded server) can both pass a condition only one should: two evaluators would both hand a job
to the assembler, two chunks be counted as one. One lock around each request makes every API call
atomic, as the pipeline's exactly-once steps need. moto's work is Python under one interpreter
lock anyway, so little is lost.
"""

from __future__ import annotations

import logging
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_REQUEST = threading.RLock()


@contextmanager
def one_request_at_a_time() -> Iterator[None]:
    """Within: moto under `mock_aws` in this process handles one request at a time, whatever thread sends it."""
    from moto.core.botocore_stubber import BotocoreStubber

    real = BotocoreStubber.process_request

    def atomic(self: BotocoreStubber, request: Any) -> Any:
        with _REQUEST:
            return real(self, request)

    BotocoreStubber.process_request = atomic  # type: ignore[method-assign]
    try:
        yield
    finally:
        BotocoreStubber.process_request = real  # type: ignore[method-assign]


class _OneAtATime:
    """A WSGI application that lets one request in at a time."""

    def __init__(self, app: Any):
        self.app = app

    def __call__(self, environ: dict, start_response: Any) -> Any:
        with _REQUEST:
            return self.app(environ, start_response)


class SerialMotoServer:
    """moto's ThreadedMotoServer on a free local port, its requests answered one at a time."""

    def __init__(self) -> None:
        # (moto and its server's werkzeug are development dependencies: imported here, not with the module.)
        from moto.moto_server.threaded_moto_server import ThreadedMotoServer
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
        from werkzeug.serving import make_server

        class Serial(ThreadedMotoServer):
            # ThreadedMotoServer's own entry, with its application wrapped.
            def _server_entry(self) -> None:
                self._server = make_server(self._ip_address, self._port,
                                           _OneAtATime(DomainDispatcherApplication(create_backend_app)), True,
                                           request_handler=MotoRequestHandler)
                self._server_ready_event.set()
                self._server.serve_forever()

        self._server = Serial(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def start(self) -> str:
        """Start serving; returns the endpoint URL (for AWS_ENDPOINT_URL)."""
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.reset()
        return self.endpoint

    def reset(self) -> None:
        """Forget every resource: the server's state is this process's moto state, which it shares."""
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def stop(self) -> None:
        try:
            self.reset()  # frees what the run held
        finally:
            self._server.stop()
