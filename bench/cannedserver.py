"""A canned HTTP/1.1 server for ``bench.latency``: every request gets the same small JSON
answer after a fixed delay, so client CPU can be measured against server latency alone.

    python -m bench.cannedserver DELAY_SECONDS     # prints its port, serves until killed

It runs in its own process (its CPU never counts as the client's): one thread per
connection, ``Content-Length`` bodies only, keep-alive, nothing else of HTTP.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time

from bench.common import make_record

_RECORD = {"data": {**make_record(1), "id": "cpu-get", "last_modified": 1700000000000}}
_LIST = {"data": [{**_RECORD["data"], "id": f"l{i}"} for i in range(100)]}


def _answer(body: object, status: str = "200 OK") -> bytes:
    content = json.dumps(body).encode()
    head = (
        f"HTTP/1.1 {status}\r\nServer: bench-canned\r\nContent-Type: application/json\r\n"
        f'Content-Length: {len(content)}\r\nETag: "1700000000000"\r\n\r\n'
    )
    return head.encode() + content


_GET, _LISTED, _CREATED = _answer(_RECORD), _answer(_LIST), _answer(_RECORD, "201 Created")


def _serve(conn: socket.socket, delay: float) -> None:
    buffer = b""
    with conn:
        while True:
            while b"\r\n\r\n" not in buffer:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
            head, _, rest = buffer.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(rest) < length:
                data = conn.recv(65536)
                if not data:
                    return
                rest += data
            buffer = rest[length:]
            method, target = head.split(b" ", 2)[:2]
            if delay:
                time.sleep(delay)
            if target.endswith(b"/records"):
                conn.sendall(_LISTED)
            elif method == b"PUT" and b"if-none-match" in head.lower():
                conn.sendall(_CREATED)
            else:
                conn.sendall(_GET)


def main() -> None:
    delay = float(sys.argv[1])
    listener = socket.create_server(("127.0.0.1", 0))
    print(listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_serve, args=(conn, delay), daemon=True).start()


if __name__ == "__main__":
    main()
