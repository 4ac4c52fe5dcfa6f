#!/usr/bin/env python3
"""fdatasync latency of the disk under a folder, as SQLite's WAL sees it: 12 KiB written then synced, 200 times,
appended to a new file and overwritten in place (a WAL reused after a checkpoint), and the commit time of a one-row
transaction with journal_mode=WAL and synchronous=FULL. Prints p50 and p90 in ms.

The ceiling of single-statement ingestion from the disk alone is about (concurrent senders) / (commit time): every
commit waits for one fsync, and group commit puts at most one statement per waiting connection in it.

usage: scripts/fsync_latency.py [FOLDER]   (default: the current folder)"""
import os, sqlite3, statistics, sys, tempfile, time


def synced_writes(folder, in_place, n=200, size=12 * 1024):
    fd, path = tempfile.mkstemp(dir=folder, prefix="fsync-latency-")
    try:
        if in_place:
            os.write(fd, b"\0" * size * n)
            os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        times = []
        for _ in range(n):
            os.write(fd, b"x" * size)
            start = time.perf_counter()
            os.fdatasync(fd)
            times.append((time.perf_counter() - start) * 1000)
        return times
    finally:
        os.close(fd)
        os.unlink(path)


def sqlite_commits(folder, n=500):
    with tempfile.TemporaryDirectory(dir=folder, prefix="fsync-latency-") as d:
        db = sqlite3.connect(os.path.join(d, "t.sqlite"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE t(x)")
        times = []
        for _ in range(n):
            start = time.perf_counter()
            db.execute("BEGIN")
            db.execute("INSERT INTO t VALUES (?)", ("x" * 300,))
            db.execute("COMMIT")
            times.append((time.perf_counter() - start) * 1000)
        db.close()
        return times


def line(label, times):
    times = sorted(times)
    return f"{label:<44} p50 {statistics.median(times):6.2f} ms   p90 {times[int(len(times) * 0.9)]:6.2f} ms"


folder = sys.argv[1] if len(sys.argv) > 1 else "."
print(line("fdatasync after appending 12 KiB", synced_writes(folder, in_place=False)))
print(line("fdatasync after overwriting 12 KiB in place", synced_writes(folder, in_place=True)))
commits = sqlite_commits(folder)
print(line("SQLite WAL commit, synchronous=FULL", commits))
print(f"disk ceiling for single statements with 8 connections: ~{8 / statistics.median(commits) * 1000:,.0f}/s")
