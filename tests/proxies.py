"""Loopback proxies for the network tests: an HTTP forward proxy (Basic auth, absolute-form requests
and CONNECT), a SOCKS5 proxy (RFC 1928 with RFC 1929 user/password), and a TLS front that puts the
fake API behind a certificate. Each runs on its own asyncio loop in a thread and counts what it carried."""

from __future__ import annotations

import asyncio
import base64
import ssl
import subprocess
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def _splice(
    a: tuple[asyncio.StreamReader, asyncio.StreamWriter], b: tuple[asyncio.StreamReader, asyncio.StreamWriter]
) -> None:
    await asyncio.gather(_pipe(a[0], b[1]), _pipe(b[0], a[1]))


class LoopbackServer:
    """A server on 127.0.0.1 (any port), served by *handler* on a private loop thread."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.port = 0
        self.carried: list[str] = []  # what each connection asked for
        self._ssl = ssl_context
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self.handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self._ssl))
        self.port = server.sockets[0].getsockname()[1]
        self._server = server
        self._ready.set()
        self._loop.run_forever()
        server.close()
        for task in asyncio.all_tasks(self._loop):  # open connections: close them before the loop goes
            task.cancel()
        self._loop.run_until_complete(asyncio.sleep(0.05))
        self._loop.run_until_complete(server.wait_closed())
        self._loop.close()

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        self._ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


class HttpProxy(LoopbackServer):
    def __init__(self, user: str = "", password: str = "") -> None:
        super().__init__()
        self.expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() if user else None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        line, *header_lines = head.split("\r\n")
        method, target, version = line.split(" ")
        headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
        if self.expected and headers.get("proxy-authorization") != self.expected:
            writer.write(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n"
                b"Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await writer.drain()
            writer.close()
            return
        self.carried.append(f"{method} {target}")
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await _splice((reader, writer), upstream)
            return
        parts = urlsplit(target)
        upstream = await asyncio.open_connection(parts.hostname, parts.port or 80)
        kept = [h for h in header_lines if h and not h.lower().startswith("proxy-")]
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        upstream[1].write(("\r\n".join([f"{method} {path} {version}", *kept]) + "\r\n\r\n").encode("latin-1"))
        await _splice((reader, writer), upstream)


class Socks5Proxy(LoopbackServer):
    def __init__(self, user: str, password: str) -> None:
        super().__init__()
        self.user, self.password = user, password

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        if version != 5 or 2 not in methods:
            writer.write(b"\x05\xff")
            writer.close()
            return
        writer.write(b"\x05\x02")  # user name / password
        _, ulen = await reader.readexactly(2)
        user = (await reader.readexactly(ulen)).decode()
        (plen,) = await reader.readexactly(1)
        password = (await reader.readexactly(plen)).decode()
        if (user, password) != (self.user, self.password):
            writer.write(b"\x01\x01")
            writer.close()
            return
        writer.write(b"\x01\x00")
        _, _command, _, kind = await reader.readexactly(4)
        if kind == 1:
            host = ".".join(str(b) for b in await reader.readexactly(4))
        else:
            (n,) = await reader.readexactly(1)
            host = (await reader.readexactly(n)).decode()
        port = int.from_bytes(await reader.readexactly(2), "big")
        self.carried.append(f"{host}:{port}")
        upstream = await asyncio.open_connection(host, port)
        writer.write(b"\x05\x00\x00\x01\x7f\x00\x00\x01" + port.to_bytes(2, "big"))
        await writer.drain()
        await _splice((reader, writer), upstream)


class TlsFront(LoopbackServer):
    """HTTPS on loopback in front of a plain HTTP server (the fake API)."""

    def __init__(self, cert: str, key: str, upstream_port: int) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        super().__init__(context)
        self.upstream_port = upstream_port

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.carried.append("tls")
        upstream = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        await _splice((reader, writer), upstream)


def self_signed_certificate(directory: Path) -> tuple[str, str]:
    """A one-day certificate for 127.0.0.1 and its key (PEM files in *directory*), made by openssl."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return str(cert), str(key)
