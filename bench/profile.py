"""Profiles of the kinbase hot paths (pyinstrument), against a local memory Kinto.

    .venv/bin/python -m bench.profile [--out bench/results/profiles] [--calls 300]

One text profile per scenario (sync get_record / create_record / one list page, async
get_record, a sync batch import, iter_records over a collection), plus a cProfile
``tottime`` top list of the same calls, which counts calls exactly and makes time spent
in kinbase itself (rather than waiting on the socket) easy to read.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import cpu, stream  # noqa: E402
from bench.bulk import COLLECTION, ensure_collection  # noqa: E402
from bench.clients import TIMEOUT, kinbase_module  # noqa: E402
from bench.common import make_record  # noqa: E402
from bench.servers import BUCKET, PASSWORD, USER, started  # noqa: E402


def _profile(name: str, job: Callable[[], Any], out: Path, *, is_async: bool = False) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002, async_mode="enabled" if is_async else "disabled")
    profiler.start()
    job()
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    stats_buffer = io.StringIO()
    prof = cProfile.Profile()
    prof.enable()
    job()
    prof.disable()
    stats = pstats.Stats(prof, stream=stats_buffer)
    stats.sort_stats("tottime").print_stats(30)
    (out / f"{name}.txt").write_text(
        f"# pyinstrument (wall clock, {name})\n\n{text}\n\n# cProfile, top 30 by tottime\n\n"
        + stats_buffer.getvalue()
    )
    print(f"profile: {out / (name + '.txt')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "profiles")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("kinto_http").setLevel(logging.ERROR)
    kinbase = kinbase_module()
    with started(("memory",), auth=False) as servers:
        kinto = servers.kintos["memory"]
        url = kinto.url
        cpu.prepare(url, 100)
        ensure_collection(url)
        client = kinbase.StorageClient(url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT)
        n = args.calls
        client.get_record(id=cpu.GET_ID, collection=cpu.COLLECTION)  # warm

        def gets() -> None:
            for _ in range(n):
                client.get_record(id=cpu.GET_ID, collection=cpu.COLLECTION)

        def creates() -> None:
            for i in range(n):
                client.create_record(data=make_record(i), collection=cpu.CREATE_COLLECTION)

        def lists() -> None:
            for _ in range(n // 3):
                client.get_records(collection=cpu.LIST_COLLECTION)

        counter = iter(range(10**9))

        def batch() -> None:
            with client.batch(collection=COLLECTION) as b:
                for _ in range(args.records):
                    b.create_record(data=make_record(next(counter)))

        def iterate() -> None:
            for _record in client.iter_records(collection=COLLECTION):
                pass

        def async_gets() -> None:
            async def main() -> None:
                async with kinbase.AsyncStorageClient(
                    url, auth=(USER, PASSWORD), bucket=BUCKET, timeout=TIMEOUT
                ) as aclient:
                    for _ in range(n):
                        await aclient.get_record(id=cpu.GET_ID, collection=cpu.COLLECTION)

            asyncio.run(main())

        _profile("sync_get_record", gets, args.out)
        _profile("sync_create_record", creates, args.out)
        _profile("sync_list_page", lists, args.out)
        _profile("async_get_record", async_gets, args.out, is_async=True)
        _profile("sync_batch_import", batch, args.out)
        stream.fill(kinto, COLLECTION, 20000)
        _profile("sync_iter_records", iterate, args.out)
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
