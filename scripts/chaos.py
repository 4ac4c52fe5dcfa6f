#!/usr/bin/env python3
"""CourseBridge fault suite (issue 8): crashes, provider faults, disk full, hostile input, auth,
secrets and injection, each checked against the invariants the README promises.

    python3 scripts/chaos.py [--bin PATH] [--quick] [--seed N] [--keep] [--only 1,3,5]

Default: the full suite (bounded, about 10 minutes on 2 cores). --quick: the CI version
(fewer repetitions, smaller catalogs, about 2 minutes). Prints a table
scenario | tries | failures | lost/notes and exits 1 when any invariant is violated
(2 on a harness error). Standard library only. Every process started here listens on
127.0.0.1, is waited for with a timeout, and is killed on exit; every file lives in a
temporary directory under /tmp, removed at the end unless --keep.
"""

import argparse
import collections
import errno
import http.client
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

PROVIDER_NAMES = {"linkedin": "LinkedIn Learning", "coursera": "Coursera", "edx": "edX",
                  "skillsoft": "Skillsoft Percipio"}
SECRET_KEYS = ("client_secret", "bearer_token")     # provider credentials that are secret
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
FATAL_MARKERS = ("Fatal error", "Stack dump", "Segmentation fault", "Illegal instruction")


class HarnessError(Exception):
    """The suite itself could not do what it needed (not a CourseBridge invariant)."""


# MARK: - Results

class Result:
    """One table row: how many tries, how many violated an invariant, and what was seen."""

    def __init__(self, number, name):
        self.number, self.name = number, name
        self.tries = 0
        self.failures = 0
        self.summary = []      # short notes for the table
        self.details = []      # every failure, for the report below the table
        self.skipped = False
        self.seconds = 0.0

    def fail(self, message):
        self.failures += 1
        self.details.append(message)

    def note(self, message):
        self.summary.append(message)


# MARK: - Processes and files

class Run:
    """A finished CLI invocation."""

    def __init__(self, argv, rc, out_b, err_b, seconds):
        self.argv, self.rc, self.out_b, self.err_b, self.seconds = argv, rc, out_b, err_b, seconds
        self.out = out_b.decode("utf-8", "replace")
        self.err = err_b.decode("utf-8", "replace")

    @property
    def ok(self):
        return self.rc == 0

    def reason_lines(self):
        """stderr lines that are not the progress bar (non-tty progress lines start with '[')."""
        return [l for l in self.err.replace("\r", "\n").splitlines() if l.strip() and not l.startswith("[")]

    def crashed(self):
        return (isinstance(self.rc, int) and self.rc < 0) or any(m in self.out + self.err for m in FATAL_MARKERS)


class Suite:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.quick = args.quick
        self.seed = args.seed
        self.rng = random.Random(args.seed)
        self.keep = args.keep
        self.root = tempfile.mkdtemp(prefix="cb-chaos.", dir="/tmp")
        os.makedirs(os.path.join(self.root, "captures"))
        os.makedirs(os.path.join(self.root, "by-design"))   # outputs that show a secret on purpose
        self.live = []              # Popen objects still to reap
        self.mounts = []            # tmpfs mount points to unmount
        self.secrets = {}           # secret text -> where it came from
        self.counter = 0
        self.started = time.time()
        self.lock = threading.Lock()

    # -- bookkeeping --

    def log(self, message):
        print(f"[{time.time() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)

    def dir(self, name):
        path = os.path.join(self.root, name)
        os.makedirs(path, exist_ok=True)
        return path

    def capture_paths(self, tag, by_design=False):
        with self.lock:
            self.counter += 1
            n = self.counter
        base = os.path.join(self.root, "by-design" if by_design else "captures", f"{n:05d}-{tag}")
        return base + ".out", base + ".err"

    def add_secret(self, value, origin):
        if value and len(value) >= 8:
            self.secrets[value] = origin

    # -- processes --

    def start(self, argv, tag, by_design=False, stdin=subprocess.DEVNULL):
        """Starts a long-lived process with its output in capture files; it is killed on exit."""
        out_path, err_path = self.capture_paths(tag, by_design)
        out, err = open(out_path, "wb"), open(err_path, "wb")
        try:
            p = subprocess.Popen(argv, stdout=out, stderr=err, stdin=stdin, start_new_session=True)
        finally:
            out.close()
            err.close()
        p.out_path, p.err_path = out_path, err_path
        self.live.append(p)
        return p

    def reap(self, p, sig=signal.SIGTERM, timeout=15):
        """Stops one process we started, by its pid; SIGKILL if it does not stop in time."""
        if p.poll() is None:
            try:
                p.send_signal(sig)
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
            except ProcessLookupError:
                pass
        if p in self.live:
            self.live.remove(p)
        return p.returncode

    def cli(self, db, *args, stdin_text=None, timeout=180, tag="cli", by_design=False):
        """Runs `coursebridge --db DB ARGS` to completion (bounded), output kept for the secrets scan."""
        argv = [self.bin, "--db", db, *args]
        out_path, err_path = self.capture_paths(tag, by_design)
        t0 = time.time()
        try:
            cp = subprocess.run(argv, input=(stdin_text or "").encode(), capture_output=True, timeout=timeout)
            rc, out_b, err_b = cp.returncode, cp.stdout, cp.stderr
        except subprocess.TimeoutExpired as e:
            rc, out_b, err_b = "timeout", e.stdout or b"", e.stderr or b""
        with open(out_path, "wb") as f:
            f.write(out_b)
        with open(err_path, "wb") as f:
            f.write(err_b)
        return Run(argv, rc, out_b, err_b, time.time() - t0)

    def must(self, run, what):
        if run.rc != 0:
            raise HarnessError(f"{what} failed (rc {run.rc}): {run.err.strip()[:300]}")
        return run

    def cleanup(self):
        for p in list(self.live):
            try:
                self.reap(p, signal.SIGKILL, timeout=10)
            except Exception:
                pass
        for m in list(self.mounts):
            unmount(m)
            self.mounts.remove(m)
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def wait_until(predicate, timeout, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def read_text(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unmount(path):
    for argv in (["umount", path], ["umount", "-l", path]):
        if subprocess.run(argv, capture_output=True, timeout=30).returncode == 0:
            return True
    return False


# MARK: - Simulator and server

class Simulator:
    """`coursebridge simulate` on 127.0.0.1; its stdout (credentials) is kept apart, shown by design."""

    def __init__(self, suite, items, faults=(), port=0, seed=42):
        self.suite, self.items, self.faults, self.port, self.seed = suite, items, list(faults), port, seed
        self.p = None
        self.day = 0
        self.providers = {}

    def start(self):
        argv = [self.suite.bin, "simulate", "--port", str(self.port), "--items", str(self.items), "--seed", str(self.seed)]
        for f in self.faults:
            argv += ["--fault", f]
        for attempt in range(6):    # a fixed port may still be held for a moment by the previous simulator
            self.p = self.suite.start(argv, "simulate", by_design=True)
            if wait_until(lambda: "(simulated credentials" in read_text(self.p.out_path) or self.p.poll() is not None, 60):
                if self.p.poll() is None:
                    break
            self.suite.reap(self.p, signal.SIGKILL)
            time.sleep(0.5)
        else:
            raise HarnessError(f"simulator did not start: {read_text(self.p.err_path)[:300]}")
        self.parse(read_text(self.p.out_path))
        return self

    def parse(self, text):
        self.base = re.search(r"provider simulator on (http://[0-9.:]+)", text).group(1)
        blocks = text.split("\n\n")
        for provider, name in PROVIDER_NAMES.items():
            block = next(b for b in blocks if b.strip().splitlines()[0].strip() == name)
            lines = [l.strip() for l in block.strip().splitlines()[1:]]
            args = next(l for l in lines if l.startswith("--api-base")).split()
            creds = [l for l in lines if "=" in l and not l.startswith("--")]
            self.providers[provider] = {"args": args, "creds": "\n".join(creds) + "\n"}
            for line in creds:
                key, value = line.split("=", 1)
                if key in SECRET_KEYS:
                    self.suite.add_secret(value, f"{provider} {key}")

    def advance(self, days):
        """SIGUSR1 advances one day; signals are sent one by one because pending ones coalesce."""
        for _ in range(days):
            target = self.day + 1
            os.kill(self.p.pid, signal.SIGUSR1)
            if not wait_until(lambda: re.search(rf"^day {target}$", read_text(self.p.out_path), re.M), 30):
                raise HarnessError(f"simulator did not reach day {target}")
            self.day = target

    def stop(self):
        self.suite.reap(self.p)


class Server:
    """`coursebridge serve --port 0 --no-scheduler` on a database; restartable on the same file."""

    def __init__(self, suite, db, tag, log_dir, extra=()):
        self.suite, self.db, self.tag, self.extra = suite, db, tag, list(extra)
        self.log_path = os.path.join(log_dir, f"{tag}.log")
        self.p = None
        self.url = None

    def start(self, timeout=60):
        argv = [self.suite.bin, "--db", self.db, "serve", "--port", "0", "--no-scheduler", "--log", self.log_path] + self.extra
        self.p = self.suite.start(argv, self.tag)
        found = wait_until(lambda: re.search(r"coursebridge serving on (http://[0-9.]+:\d+)", read_text(self.p.err_path))
                           or self.p.poll() is not None, timeout)
        if not found or self.p.poll() is not None:
            raise HarnessError(f"serve did not start: {read_text(self.p.err_path)[-300:]}")
        self.url = found.group(1)
        self.host, self.port = "127.0.0.1", int(self.url.rsplit(":", 1)[1])
        with open(os.path.join(self.suite.root, "captures", "proc-cmdlines.txt"), "ab") as f:
            f.write(open(f"/proc/{self.p.pid}/cmdline", "rb").read().replace(b"\0", b" ") + b"\n")
        return self

    def kill9(self):
        self.p.kill()
        self.p.wait(timeout=15)
        self.suite.live.remove(self.p)

    def stop(self):
        return self.suite.reap(self.p, signal.SIGTERM, timeout=20)

    def alive(self):
        return self.p.poll() is None

    def memory_kb(self):
        status = read_text(f"/proc/{self.p.pid}/status")
        get = lambda key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1))
        return get("VmRSS"), get("VmHWM")


def request(host, port, method, path, body=b"", headers=None, timeout=15):
    """One request on a new connection: (status, headers, body); raises on transport errors."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def form(**fields):
    return urllib.parse.urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def get_token(suite, server, segment, client_id, secret):
    body, headers = form(grant_type="client_credentials", client_id=client_id, client_secret=secret)
    status, _, data = request(server.host, server.port, "POST", f"/api/{segment}/oauth2/token", body, headers)
    if status != 200:
        raise HarnessError(f"token request answered {status}: {data[:200]!r}")
    token = json.loads(data)["access_token"]
    suite.add_secret(token, f"access token for {client_id}")
    return token


def xapi_headers(token):
    return {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


def completion(statement_id, learner, course):
    """A LinkedIn completion of course `course` by learner `learner` (one attempt per pair)."""
    return {"id": statement_id, "actor": {"mbox": f"mailto:learner{learner}@chaos.example"},
            "verb": {"id": COMPLETED}, "object": {"id": f"urn:lyndaCourse:{1000 + course}"},
            "result": {"completion": True}}


def seeded_uuid(rnd):
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


# MARK: - Database checks (python's sqlite3, read as SQLite itself recovers a killed writer's WAL)

def db_connect(path):
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def integrity(conn):
    return ";".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())


def course_duplicates(conn):
    return conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM course GROUP BY provider, provider_id HAVING COUNT(*) > 1)").fetchone()[0]


def archived_ids(conn, integration_id):
    return frozenset(r[0] for r in conn.execute(
        "SELECT id FROM course WHERE integration_id = ? AND status = 'archived'", (integration_id,)))


def course_count(conn, integration_id, status=None):
    sql = "SELECT COUNT(*) FROM course WHERE integration_id = ?" + (" AND status = ?" if status else "")
    return conn.execute(sql, (integration_id, status) if status else (integration_id,)).fetchone()[0]


# MARK: - Fixtures

def setup_sync_db(suite, directory, sim, providers, db=None):
    """A group, an editor, and one integration per provider (ids 1..n) pointing at the simulator."""
    db = db or os.path.join(directory, "cb.sqlite")
    suite.must(suite.cli(db, "group", "add", "Chaos"), "group add")
    suite.must(suite.cli(db, "user", "add", "--email", "admin@chaos.example"), "user add")
    suite.must(suite.cli(db, "group", "member", "add", "1", "admin@chaos.example", "--role", "editor"), "member add")
    for i, provider in enumerate(providers, 1):
        suite.must(suite.cli(db, "integration", "add", provider, "--group", "1", "--author", "admin@chaos.example",
                             *sim.providers[provider]["args"]), "integration add")
        # key=value lines on stdin, as the simulator prints them: never on the command line.
        suite.must(suite.cli(db, "integration", "credentials", str(i), stdin_text=sim.providers[provider]["creds"]),
                   "integration credentials")
    return db


def webhook(suite, db, integration_id):
    """Generates the webhook client; the first output shows the secret once, by design."""
    run = suite.must(suite.cli(db, "integration", "webhook", str(integration_id), tag="webhook", by_design=True), "webhook")
    client_id = re.search(r"client id:\s+(\S+)", run.out).group(1)
    secret = re.search(r"client secret:\s+(\S+)", run.out).group(1)
    suite.add_secret(secret, f"webhook secret of integration {integration_id}")
    return client_id, secret


def setup_statement_platform(suite, db, directory, learners):
    """A group, an administrator, learners learnerN@chaos.example and LinkedIn integration 1 with its webhook
    client, through the CLI (SQLite file or PostgreSQL URL alike); the env the load clients use."""
    suite.must(suite.cli(db, "group", "add", "Statements"), "group add")
    csv_path = os.path.join(directory, "users.csv")
    with open(csv_path, "w") as f:
        f.write("email,username,external_id,name\nadmin@chaos.example,admin,,Admin\n")
        for n in range(learners):
            f.write(f"learner{n}@chaos.example,learner{n},EMP-{1000 + n},Learner {n}\n")
    suite.must(suite.cli(db, "user", "import", csv_path), "user import")
    suite.must(suite.cli(db, "group", "member", "add", "1", "admin@chaos.example", "--role", "editor"), "member add")
    suite.must(suite.cli(db, "integration", "add", "linkedin", "--group", "1", "--author", "admin@chaos.example"), "integration add")
    env = {"db": db, "li": webhook(suite, db, 1)}
    return env


def setup_statement_db(suite, directory, learners, courses, skillsoft=False):
    """LinkedIn integration 1 (and Skillsoft 2) with learners learnerN@chaos.example and courses
    urn:li:lyndaCourse:(1000+N), as scripts/bench-statements.sh sets them up."""
    db = os.path.join(directory, "cb.sqlite")
    env = setup_statement_platform(suite, db, directory, learners)
    if skillsoft:
        suite.must(suite.cli(db, "integration", "add", "skillsoft", "--group", "1", "--author", "admin@chaos.example"), "integration add")
        env["sk"] = webhook(suite, db, 2)
    conn = db_connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at) "
            "VALUES (1, 'linkedin', ?, ?, 3600, ?, 0, 0)",
            [(f"urn:li:lyndaCourse:{1000 + n}", f"Chaos course {n}", f"https://example.invalid/course/{n}") for n in range(courses)])
    conn.close()
    return env


def sync_json(suite, db, integration_id, *flags, timeout=900):
    """`sync ID --full --json`: the run and its parsed summary (None when stdout is not JSON). Whole listings, since
    the invariants compare a run's counts with a dry run's view of the whole catalog (an incremental daily run reads
    only the changes; its own rules are tested end to end in IncrementalSyncTests)."""
    run = suite.cli(db, "sync", str(integration_id), "--full", "--json", *flags, timeout=timeout, tag="sync")
    try:
        return run, json.loads(run.out)
    except ValueError:
        return run, None


def active_total(summary):
    c = summary["counts"]
    return c["created"] + c["updated"] + c["unchanged"]


# MARK: - 1. SIGKILL during sync

def scenario_sync_kill(suite):
    """Kills `sync` at random moments of a large listing, first while the catalog is being created
    (day 0), then after the simulated catalog moved on 5 days (updates, new items, retirements
    to archive). After each kill: no duplicate course, nothing archived unless the complete
    archive set of a finished listing, integrity_check ok. Then runs to completion and checks
    the counts against a dry run."""
    res = Result(1, "SIGKILL during sync")
    items = 20000 if suite.quick else 100000
    kills_per_phase = 3 if suite.quick else 12
    directory = suite.dir("s1-sync-kill")
    sim = Simulator(suite, items).start()
    db = setup_sync_db(suite, directory, sim, ["linkedin"])
    rng = random.Random(suite.seed + 1)
    phases_hit = collections.Counter()
    archive_sets = []      # archived set after each phase-B kill, checked against the final one

    def check_after_kill(label, expect_archived_sizes):
        # Restart first: CourseBridge itself must open the database the kill left (hot WAL and all).
        reopened = suite.cli(db, "runs", "--integration", "1", "--json", tag="runs-after-kill")
        if reopened.rc != 0:
            res.fail(f"{label}: the database could not be reopened: {reopened.err[-200:]}")
        conn = db_connect(db)
        try:
            ic = integrity(conn)
            if ic != "ok":
                res.fail(f"{label}: integrity_check = {ic[:200]}")
            dups = course_duplicates(conn)
            if dups:
                res.fail(f"{label}: {dups} duplicate (provider, provider_id) in course")
            archived = archived_ids(conn, 1)
            if len(archived) not in expect_archived_sizes:
                res.fail(f"{label}: {len(archived)} courses archived after a killed run (allowed: {sorted(expect_archived_sizes)})")
            return archived
        finally:
            conn.close()

    def killed_runs(label, count, horizon, expect_archived_sizes):
        """Starts sync, SIGKILLs it after U(0.05, horizon) s; a run that ends first is not counted."""
        kills = early = 0
        for attempt in range(count * 4):
            if kills >= count:
                break
            p = suite.start([suite.bin, "--db", db, "sync", "1", "--progress"], "sync-killed")
            at = rng.uniform(0.05, horizon)
            try:
                p.wait(timeout=at)
                early += 1
                suite.live.remove(p)
                continue
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=15)
                suite.live.remove(p)
            kills += 1
            res.tries += 1
            progress = [l for l in read_text(p.err_path).splitlines() if l.startswith("[")]
            phase = re.search(r"% ([a-z ]+) ·", progress[-1]).group(1) if progress else "opening"
            phases_hit[phase] += 1
            archive_sets.append(check_after_kill(f"{label} kill {kills} at {at:.2f}s", expect_archived_sizes))
        if kills < count:
            res.fail(f"{label}: only {kills} of {count} kills landed before the run ended")
        return early

    # Phase A: day 0, an empty database being filled page by page.
    run, dry0 = sync_json(suite, db, 1, "--dry-run")
    if not run.ok or not dry0:
        raise HarnessError(f"dry run failed: {run.out[-300:]} {run.err[-300:]}")
    expected0 = dry0["counts"]["created"]
    suite.log(f"  s1: day 0 dry run {run.seconds:.1f}s, {expected0} courses expected")
    early = killed_runs("day 0", kills_per_phase, max(0.5, run.seconds * 1.1), {0})
    archive_sets.clear()
    run, done0 = sync_json(suite, db, 1)
    conn = db_connect(db)
    active0 = course_count(conn, 1, "active")
    running = conn.execute("SELECT COUNT(*) FROM sync_run WHERE outcome = 'running'").fetchone()[0]
    conn.close()
    res.tries += 1
    if not run.ok or not done0 or done0["phase"] != "succeeded":
        res.fail(f"day 0 resumed run did not succeed (rc {run.rc}): {run.out[-300:]}")
    else:
        if active0 != expected0 or active0 != active_total(done0):
            res.fail(f"day 0: {active0} active courses, dry run expected {expected0}, run reported {active_total(done0)}")
    if running:
        res.fail(f"{running} sync runs still 'running' after a later run opened the database")

    # Phase B: 5 days later: new items, changes and retirements to archive.
    sim.advance(5)
    run, dry5 = sync_json(suite, db, 1, "--dry-run")
    if not run.ok or not dry5:
        raise HarnessError(f"day 5 dry run failed: {run.out[-300:]}")
    to_archive, to_create = dry5["counts"]["archived"], dry5["counts"]["created"]
    suite.log(f"  s1: day 5 dry run {run.seconds:.1f}s: +{to_create} ~{dry5['counts']['updated']} archive {to_archive}")
    early += killed_runs("day 5", kills_per_phase, max(0.5, run.seconds * 1.1), {0, to_archive})
    run, final = sync_json(suite, db, 1)
    res.tries += 1
    conn = db_connect(db)
    archived_final = archived_ids(conn, 1)
    active, total = course_count(conn, 1, "active"), course_count(conn, 1)
    ic, dups = integrity(conn), course_duplicates(conn)
    interrupted = conn.execute("SELECT COUNT(*) FROM sync_run WHERE outcome = 'interrupted'").fetchone()[0]
    conn.close()
    if not run.ok or not final or final["phase"] != "succeeded":
        res.fail(f"day 5 final run did not succeed (rc {run.rc}): {run.out[-300:]}")
    else:
        c = final["counts"]
        if total != active_total(final) + c["archived"]:
            res.fail(f"final run counted {active_total(final) + c['archived']} listed courses, database holds {total}")
        if len(archived_final) != to_archive:
            res.fail(f"{len(archived_final)} archived after the final run, dry run said {to_archive}")
        if active != active0 + to_create - to_archive:
            res.fail(f"{active} active courses, expected {active0} + {to_create} - {to_archive} = {active0 + to_create - to_archive}")
    for s in archive_sets:
        if s and s != archived_final:
            res.fail(f"a killed run archived {len(s)} courses that are not the final run's archive set (partial archive)")
    if ic != "ok" or dups:
        res.fail(f"final state: integrity {ic[:100]}, {dups} duplicates")
    committed = next((k + 1 for k, s in enumerate(archive_sets) if s), None)   # first kill that found the archive done
    sim.stop()
    res.note(f"0 lost; {items} items, {res.tries - 2} kills ({', '.join(f'{k} {v}' for k, v in sorted(phases_hit.items()))})"
             f"{f', {early} runs ended before their kill' if early else ''}; {interrupted} runs left 'running' were "
             f"marked interrupted; final {active} active/{len(archived_final)} archived as predicted"
             + (f"; day-5 kill {committed} came after its run's complete listing had committed the archive set" if committed else ""))
    return res


# MARK: - 2. SIGKILL of serve under statement load

def scenario_serve_kill(suite):
    """Four clients POST completions (known ids, one learner/course pair each) while `serve` is
    SIGKILLed at random and restarted on the same database. A batch without an answer is resent,
    as a provider would. Invariants: every id answered 2xx is stored exactly once, applied, and
    counted once (one completed attempt per pair; `stats` shows one row per statement)."""
    res = Result(2, "SIGKILL of serve under load")
    learners, courses = (80, 80) if suite.quick else (250, 250)
    kills = 5 if suite.quick else 22
    directory = suite.dir("s2-serve-kill")
    env = setup_statement_db(suite, directory, learners, courses)
    server = Server(suite, env["db"], "serve-s2", directory).start()
    token = get_token(suite, server, "linkedinlearning", *env["li"])
    headers = xapi_headers(token)
    rng = random.Random(suite.seed + 2)
    pairs = [(u, c) for u in range(learners) for c in range(courses)]
    rng.shuffle(pairs)
    state = {"target": (server.host, server.port), "stop": False, "next": 0}
    acked, unexpected, statuses, resends = {}, [], collections.Counter(), [0, 0]
    lock = threading.Lock()

    def client(k):
        rnd = random.Random(suite.seed * 1000 + k)
        conn, batch, target, last, resend, doubt = None, None, None, None, False, False
        while not state["stop"]:
            if batch is None:
                time.sleep(rnd.uniform(0, 0.01))     # paced, so the load lasts through every kill
                if last and rnd.random() < 0.05:
                    batch, resend = last, True       # a provider resending a batch whose answer it lost
                else:
                    with lock:
                        n = rnd.randint(1, 5)
                        chosen = pairs[state["next"]:state["next"] + n]
                        state["next"] += len(chosen)
                    if not chosen:
                        return
                    batch, resend = [completion(seeded_uuid(rnd), u, c) for u, c in chosen], False
            if conn is None or target != state["target"]:
                if conn:
                    conn.close()
                target = state["target"]
                conn = http.client.HTTPConnection(*target, timeout=10)
            try:
                conn.request("POST", "/api/linkedinlearning/stats", json.dumps(batch), headers)
                r = conn.getresponse()
                r.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = None
                doubt = True
                time.sleep(0.05)        # the server is down: resend the same batch (in doubt) later
                continue
            with lock:
                statuses[r.status] += 1
                if 200 <= r.status < 300:
                    for s in batch:
                        acked[s["id"]] = s
                    resends[0] += resend
                    resends[1] += doubt
                    last, batch, doubt = batch, None, False
                elif r.status < 500:
                    unexpected.append(r.status)
                    batch = None
            if batch is not None:
                time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(4)]
    for t in threads:
        t.start()
    for i in range(kills):
        with lock:
            base = len(acked)
        wait_until(lambda: len(acked) > base, 20)       # kill only under load
        time.sleep(rng.uniform(0.0, 0.8))
        server.kill9()
        res.tries += 1
        with lock:
            snapshot = set(acked)
        # Restart on the same file first (serve recovers the hot WAL), then check while it serves.
        server.start()
        state["target"] = (server.host, server.port)
        conn = db_connect(env["db"])
        ic = integrity(conn)
        stored = dict(conn.execute("SELECT statement_id, outcome FROM statement WHERE integration_id = 1").fetchall())
        conn.close()
        lost = [s for s in snapshot if s not in stored]
        pending = sum(1 for o in stored.values() if o == "pending")
        if ic != "ok":
            res.fail(f"kill {i + 1}: integrity_check = {ic[:200]}")
        if lost:
            res.fail(f"kill {i + 1}: {len(lost)} statements answered 2xx are not stored, e.g. {lost[:3]}")
        if pending:
            res.fail(f"kill {i + 1}: {pending} statements stored but left pending (not counted)")
    time.sleep(1.0)
    state["stop"] = True
    for t in threads:
        t.join(timeout=20)
    rc = server.stop()
    if rc != 0:
        res.fail(f"serve did not stop cleanly on SIGTERM (rc {rc})")

    conn = db_connect(env["db"])
    ic = integrity(conn)
    rows = conn.execute("SELECT statement_id, outcome FROM statement WHERE integration_id = 1").fetchall()
    stored = collections.Counter(r[0] for r in rows)
    outcomes = dict(rows)
    uncounted = conn.execute("""
        SELECT COUNT(*) FROM statement s WHERE s.outcome = 'applied' AND NOT EXISTS (
          SELECT 1 FROM attempt a WHERE a.user_id = s.user_id AND a.course_id = s.course_id AND a.completion_status = 'completed')
        """).fetchone()[0]
    twice = conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM attempt GROUP BY user_id, course_id HAVING COUNT(*) > 1)").fetchone()[0]
    attempts = conn.execute("SELECT COUNT(*) FROM attempt").fetchone()[0]
    applied = sum(1 for o in outcomes.values() if o == "applied")
    conn.close()
    lost = [s for s in acked if stored[s] != 1]
    not_applied = [s for s in acked if s in outcomes and outcomes[s] != "applied"]
    stats = suite.cli(env["db"], "stats", "--integration", "1", "--format", "csv", tag="stats")
    stats_rows = max(0, len([l for l in stats.out.splitlines() if l.strip()]) - 1)
    if ic != "ok":
        res.fail(f"final integrity_check = {ic[:200]}")
    if lost:
        res.fail(f"{len(lost)} ids answered 2xx not stored exactly once, e.g. {lost[:3]}")
    if not_applied:
        res.fail(f"{len(not_applied)} acknowledged statements not applied, e.g. {not_applied[:3]}")
    if uncounted or twice or attempts != applied:
        res.fail(f"counting: {uncounted} applied statements without their attempt, {twice} pairs counted twice, "
                 f"{attempts} attempts for {applied} applied statements")
    if stats.rc != 0 or stats_rows != applied:
        res.fail(f"`stats` shows {stats_rows} attempt rows for {applied} applied statements (rc {stats.rc})")
    if unexpected:
        res.fail(f"{len(unexpected)} valid batches answered 4xx: {collections.Counter(unexpected)}")
    never_answered = len(stored) - len(acked)
    res.note(f"0 lost; {len(acked)} ids acked 2xx over {kills} kills, all stored once and counted once; "
             f"{resends[1]} batches in flight at a kill resent and acked, {never_answered} stored but never answered; "
             f"{resends[0]} acked batches resent and deduplicated; 5xx seen {sum(v for k, v in statuses.items() if k >= 500)}; {state['next']} of {len(pairs)} pairs used")
    return res


# MARK: - 3. Provider faults

FAULT_KINDS = ("429", "500", "500x", "malformed", "truncated", "expire", "slow", "badcreds")


def random_fault(rng, pages):
    """One simulator --fault spec, on a page that exists for the provider it names."""
    kind = rng.choice(FAULT_KINDS)
    provider = rng.choice(list(pages))
    page = rng.randint(1, max(1, pages[provider]))
    return {
        "429": f"{provider}.429@{page}:1",
        "500": f"{provider}.500@{page}",
        "500x": f"{provider}.500@{page}x{rng.randint(2, 6)}",
        "malformed": f"{provider}.malformed@{page}",
        "truncated": f"{provider}.truncated@{page}",
        "expire": f"{provider}.expire@{page}",
        "slow": f"slow:{rng.choice((5, 20, 40))}",
        "badcreds": f"{provider}.badcreds",
    }[kind]


def scenario_provider_faults(suite):
    """Random mixes of simulator faults, each on a new simulated day (so runs have creates,
    updates and Coursera/edX archives to get wrong), over the four providers. Each sync must end
    exit 0 and leave the state a clean run would (a dry run against a fault-free simulator then
    finds nothing to do), or exit 1 with its reason on stderr, archiving nothing."""
    res = Result(3, "provider faults (random mixes)")
    items = 1000 if suite.quick else 3000
    mixes = 4 if suite.quick else 30
    providers = list(PROVIDER_NAMES)
    directory = suite.dir("s3-faults")
    port = free_port()      # fixed: the integrations' API base holds it across simulator restarts
    rng = random.Random(suite.seed + 3)
    sim = Simulator(suite, items, port=port).start()
    db = setup_sync_db(suite, directory, sim, providers)
    pages = {}
    for i, p in enumerate(providers, 1):
        run, summary = sync_json(suite, db, i)
        if not run.ok:
            raise HarnessError(f"baseline sync of {p} failed: {run.out[-300:]}")
        pages[p] = summary["pages"]
    sim.stop()
    outcomes = collections.Counter()
    stdout_only = 0
    budget = time.time() + (150 if suite.quick else 480)
    for mix in range(1, mixes + 1):
        if time.time() > budget:       # bounded suite: stop adding mixes, say so
            res.note(f"time budget reached after {mix - 1} mixes")
            break
        faults = [random_fault(rng, pages) for _ in range(rng.randint(1, 3))]
        sim = Simulator(suite, items, faults=faults, port=port).start()
        sim.advance(mix)
        results = {}
        for i in rng.sample(range(1, len(providers) + 1), len(providers)):
            conn = db_connect(db)
            before = archived_ids(conn, i)
            conn.close()
            run, summary = sync_json(suite, db, i, timeout=300)
            res.tries += 1
            conn = db_connect(db)
            after, ic, dups = archived_ids(conn, i), integrity(conn), course_duplicates(conn)
            conn.close()
            label = f"mix {mix} [{','.join(faults)}] {providers[i - 1]}"
            if ic != "ok" or dups:
                res.fail(f"{label}: integrity {ic[:100]}, {dups} duplicate courses")
            if run.crashed() or run.rc not in (0, 1):
                res.fail(f"{label}: exit {run.rc} (expected 0 or 1): {run.err[-200:]}")
                continue
            if run.rc == 0:
                outcomes["succeeded"] += 1
                results[i] = summary
                continue
            outcomes["failed"] += 1
            if after != before:
                res.fail(f"{label}: a failed run archived {len(after - before)} courses")
            message = (summary or {}).get("message", "") or " ".join(run.reason_lines())
            if not message or "\n" in message.strip():
                res.fail(f"{label}: failed without a one-line reason (stdout {run.out[-200:]!r})")
            if not run.reason_lines():
                stdout_only += 1
                res.fail(f"{label}: exit 1 but stderr holds only progress lines; the reason is on stdout: {message[:160]!r}")
        sim.stop()
        # The same day without faults: a successful faulted run must have left nothing to do.
        clean = Simulator(suite, items, port=port).start()
        clean.advance(mix)
        for i, summary in results.items():
            run, dry = sync_json(suite, db, i, "--dry-run", timeout=300)
            label = f"mix {mix} [{','.join(faults)}] {providers[i - 1]}"
            if not run.ok or not dry:
                res.fail(f"{label}: clean dry run failed: {run.out[-200:]}")
                continue
            c = dry["counts"]
            if c["created"] or c["updated"] or c["archived"] or dry["itemsSeen"] != summary["itemsSeen"]:
                res.fail(f"{label}: run exited 0 but a clean listing still finds +{c['created']} ~{c['updated']} "
                         f"archive {c['archived']}, {dry['itemsSeen']} items vs {summary['itemsSeen']} seen")
        clean.stop()
    data_failures = res.failures - stdout_only
    res.note(f"{outcomes['succeeded']} runs exit 0 with a clean state, {outcomes['failed']} exit 1 archiving nothing; "
             f"data invariants {'held' if data_failures == 0 else f'VIOLATED {data_failures}x'}"
             + (f"; {stdout_only} failures = reason printed on stdout, stderr has only progress" if stdout_only else ""))
    return res


# MARK: - 4. Disk full

def fill(directory, leave_bytes):
    """Writes a filler file until only about `leave_bytes` are free (0: until ENOSPC)."""
    path = os.path.join(directory, f"filler-{time.time_ns()}")
    chunk = b"\0" * (1 << 20)
    with open(path, "wb", buffering=0) as f:
        for size in (1 << 20, 4096, 512):
            while True:
                st = os.statvfs(directory)
                free = st.f_bavail * st.f_frsize
                if free - size < leave_bytes:
                    break
                try:
                    f.write(chunk[:size])
                except OSError as e:
                    if e.errno != errno.ENOSPC:
                        raise
                    break
    return path


def scenario_disk_full(suite):
    """A small tmpfs holds the database. A sync that runs out of space must fail with a clear
    message, archive nothing, leave an intact database and succeed once space returns. The
    server, out of space, must answer 5xx (never 2xx for a statement it did not store), stay
    alive, and store again once space returns."""
    res = Result(4, "disk full (tmpfs)")
    mount_point = suite.dir("s4-tmpfs")
    if not shutil.which("mount"):
        res.skipped = True
        res.note("NOT SIMULATED: no mount command in this container")
        return res
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128m,mode=0700", "tmpfs", mount_point], capture_output=True, timeout=30)
    if r.returncode != 0:
        res.skipped = True
        res.note(f"NOT SIMULATED: mount -t tmpfs refused ({r.stderr.decode().strip()[:80]})")
        return res
    suite.mounts.append(mount_point)
    notes = []

    # Sync: a catalog larger than the space left.
    items = 8000 if suite.quick else 20000
    sim = Simulator(suite, items).start()
    sync_dir = os.path.join(mount_point, "sync")
    os.makedirs(sync_dir)
    db = setup_sync_db(suite, sync_dir, sim, ["linkedin"])
    filler = fill(mount_point, 2 << 20)
    run, summary = sync_json(suite, db, 1)
    res.tries += 1
    text = run.out + run.err
    if run.rc == 0:
        res.fail(f"sync on a full disk exited 0 ({run.out[-200:]})")
    elif run.crashed():
        res.fail(f"sync on a full disk crashed (rc {run.rc}): {run.err[-200:]}")
    elif "disk is full" not in text:
        res.fail(f"sync on a full disk failed without saying so: {text[-300:]!r}")
    else:
        where = "stderr" if "disk is full" in run.err else "stdout only"
        notes.append(f"sync: exit {run.rc}, 'the disk is full' on {where}")
        if where != "stderr":
            res.fail(f"sync on a full disk: the reason is on stdout, not stderr: {summary and summary.get('message')!r}")
    conn = db_connect(db)
    ic, dups, archived, partial = integrity(conn), course_duplicates(conn), course_count(conn, 1, "archived"), course_count(conn, 1)
    conn.close()
    if ic != "ok" or dups or archived:
        res.fail(f"after the full-disk sync: integrity {ic[:100]}, {dups} duplicates, {archived} archived")
    os.remove(filler)
    run, summary = sync_json(suite, db, 1)
    res.tries += 1
    conn = db_connect(db)
    active = course_count(conn, 1, "active")
    conn.close()
    if not run.ok or not summary or active != active_total(summary):
        res.fail(f"sync after space returned: rc {run.rc}, {active} active vs {summary and active_total(summary)} reported")
    else:
        notes.append(f"resumed: {partial} courses kept from the failed run, {active} after")
    sim.stop()
    for name in os.listdir(sync_dir):
        os.remove(os.path.join(sync_dir, name))

    # Server: statements while the disk is full.
    stmt_dir = os.path.join(mount_point, "serve")
    os.makedirs(stmt_dir)
    env = setup_statement_db(suite, stmt_dir, 40, 40)
    server = Server(suite, env["db"], "serve-s4", suite.dir("s4-logs")).start()
    headers = xapi_headers(get_token(suite, server, "linkedinlearning", *env["li"]))
    rng = random.Random(suite.seed + 4)
    pairs = [(u, c) for u in range(40) for c in range(40)]
    rng.shuffle(pairs)
    ok_ids, refused, odd = [], [], collections.Counter()

    def post(batch):
        try:
            return request(server.host, server.port, "POST", "/api/linkedinlearning/stats", json.dumps(batch), headers)[0]
        except (OSError, http.client.HTTPException) as e:
            return f"no answer ({type(e).__name__})"

    for u, c in pairs[:20]:
        if post([completion(seeded_uuid(rng), u, c)]) != 200:
            raise HarnessError("statements refused before the disk was filled")
    filler = fill(mount_point, 0)
    consecutive, deadline = 0, time.time() + 120
    for u, c in pairs[20:1200]:
        if time.time() > deadline:
            res.fail("statements on a full disk took over 120 s (hang)")
            break
        batch = [completion(seeded_uuid(rng), u, c)]
        status = post(batch)
        res.tries += 1
        if isinstance(status, str):
            odd[status] += 1
        elif 200 <= status < 300:
            ok_ids.append(batch[0]["id"])
            consecutive = 0
        elif isinstance(status, int) and status >= 500:
            refused.append(batch)
            consecutive += 1
            if consecutive >= 30:
                break
        else:
            odd[status] += 1
    health = request(server.host, server.port, "GET", "/health")[0]
    conn = db_connect(env["db"])
    stored = {r[0] for r in conn.execute("SELECT statement_id FROM statement")}
    conn.close()
    kept_anyway = [b[0]["id"] for b in refused if b[0]["id"] in stored]
    if not refused:
        res.fail("the server never refused a statement with the disk full (every write found space)")
    if odd:
        res.fail(f"with the disk full the server answered {dict(odd)} (expected 2xx for stored, 5xx otherwise)")
    if not server.alive():
        res.fail("serve died when the disk filled")
    lost = [s for s in ok_ids if s not in stored]
    if lost:
        res.fail(f"{len(lost)} statements answered 2xx with the disk full are not stored")
    if kept_anyway:
        res.fail(f"{len(kept_anyway)} statements answered 5xx ('nothing was kept') were stored anyway")
    os.remove(filler)
    again = [post(b) for b in refused] + [post([completion(seeded_uuid(rng), u, c)]) for u, c in pairs[1200:1210]]
    if any(s != 200 for s in again):
        res.fail(f"after space returned: answers {collections.Counter(again)} (expected all 200)")
    rc = server.stop()
    conn = db_connect(env["db"])
    ic = integrity(conn)
    stored = collections.Counter(r[0] for r in conn.execute("SELECT statement_id FROM statement"))
    conn.close()
    missing = [b[0]["id"] for b in refused if stored[b[0]["id"]] != 1]
    if ic != "ok" or missing or rc != 0:
        res.fail(f"after recovery: integrity {ic[:100]}, {len(missing)} resent statements not stored once, serve rc {rc}")
    notes.append(f"serve: {len(ok_ids)} stored 2xx then {len(refused)} answered 5xx while full, /health {health}, "
                 f"all resent and stored after space returned")
    for name in os.listdir(stmt_dir):
        os.remove(os.path.join(stmt_dir, name))
    res.note("0 lost; " + "; ".join(notes))
    return res


# MARK: - 5. Hostile xAPI input

def json_structural_positions(text):
    """Indices of { } [ ] : , outside strings: deleting one always breaks the document."""
    out, in_string, escape = [], False, False
    for i, ch in enumerate(text):
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{}[]:,":
            out.append(i)
    return out


def fuzz_case(rnd, tokens):
    """(category, method, path, headers, body, expected status): every body is invalid for a
    reason that does not depend on luck, so exactly one answer is right. 30% go to Skillsoft's
    endpoints (strict UUID ids), the rest to LinkedIn's."""
    base = completion(seeded_uuid(rnd), rnd.randrange(10), rnd.randrange(10))
    skillsoft = rnd.random() < 0.3
    headers = xapi_headers(tokens["skillsoft" if skillsoft else "linkedin"])
    path = rnd.choice(["/api/skillsoft/statements", "/api/skillsoft"]) if skillsoft else "/api/linkedinlearning/stats"
    kinds = ["invalid-json", "invalid-json", "invalid-utf8", "deep-nesting", "huge-number", "huge-string",
             "wrong-type", "wrong-type", "duplicate-key", "missing-field", "missing-field", "bad-header", "put"]
    kind = rnd.choice(kinds + (["non-uuid-id"] if skillsoft else []))
    if kind == "non-uuid-id":
        base["id"] = rnd.choice(["not-a-uuid", "12345", "aaccb6f3-c3ee-46e8-87d4", seeded_uuid(rnd) + "x", " "])
    text = json.dumps(base)
    if kind == "non-uuid-id":
        return kind, "POST", path, headers, text.encode(), 400
    if kind == "invalid-json":
        variant = rnd.randrange(9)
        if variant == 0:
            body = text[:rnd.randrange(len(text) - 1)]
        elif variant == 1:
            body = text + rnd.choice(["x", "}", ",", " 1", "{}", "]", "\0"])
        elif variant == 2:
            i = rnd.choice(json_structural_positions(text))
            body = text[:i] + text[i + 1:]
        elif variant == 3:
            body = text.replace('"', "'")
        elif variant == 4:
            body = text.replace('"completion": true', f'"completion": {rnd.choice(["NaN", "Infinity", "True", "undefined", "tru"])}')
        elif variant == 5:
            body = "/* comment */" + text
        elif variant == 6:
            body = text.replace("mailto:", "mailto:\x01")
        elif variant == 7:
            body = text.replace("mailto:", rnd.choice(["mailto:\\q", "mailto:\\u12", "mailto:\\"]))
        else:
            body = rnd.choice(["", "{", "[", "nul", "{}}", "[1,]", '{"a" 1}', '{"a":}', '{,}', "\t\n"])
        return kind, "POST", path, headers, body.encode(), 400
    if kind == "invalid-utf8":
        bad = rnd.choice([b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\xf8\x88\x80\x80\x80", b"\x80", b"\xfe\xfe"])
        raw = text.encode()
        where = rnd.choice([b"mailto:", b'"verb"', b"urn:", b"http:"])
        if where == b'"verb"':
            body = raw.replace(b'"verb"', b'"ve' + bad + b'rb"', 1)       # in a key
        else:
            body = raw.replace(where, where + bad, 1)                      # in a value
        if rnd.random() < 0.2:
            body = bad + raw                                                # outside any string
        return kind, "POST", path, headers, body, 400
    if kind == "deep-nesting":
        depth = int(rnd.choice([257, 300, 1000, 10000, 100000]) * rnd.uniform(1, 1.5))
        variant = rnd.randrange(3)
        if variant == 0:
            body = "[" * depth + "]" * depth
        elif variant == 1:
            body = '{"a":' * depth + "1" + "}" * depth
        else:
            base["result"]["extensions"] = {"https://example.invalid/x": "PLACEHOLDER"}
            body = json.dumps(base).replace('"PLACEHOLDER"', "[" * depth + "]" * depth)
        return kind, "POST", path, headers, body.encode(), 400
    if kind == "huge-number":
        number = rnd.choice(["1e400", "-1e400", "1" + "0" * rnd.randint(310, 5000), "9" * 400 + ".5", "1e", "-", "1.", ".5", "+1",
                             "0x10"])
        target = rnd.randrange(3)
        if target == 0:
            body = text.replace('"completion": true', f'"completion": true, "score": {{"raw": {number}}}')
        elif target == 1:
            body = text.replace('"completion": true',
                                f'"extensions": {{"https://w3id.org/xapi/cmi5/result/extensions/progress": {number}}}')
        else:
            body = number
        return kind, "POST", path, headers, body.encode(), 400
    if kind == "huge-string":
        size = int(2 ** rnd.uniform(14, 20.5))     # 16 KB .. 1.4 MB, always in a place that makes it invalid
        filler = rnd.choice("ab") * size
        variant = rnd.randrange(5)
        if variant == 0:
            base["actor"]["mbox"] = "mailto:" + filler                       # no @
        elif variant == 1:
            base["verb"]["id"] = filler                                      # no scheme
        elif variant == 2:
            base["timestamp"] = filler
        elif variant == 3:
            base["result"]["duration"] = "P" + filler
        else:
            base["id"] = filler
            del base["actor"]
        return kind, "POST", path, headers, json.dumps(base).encode(), 400
    if kind == "wrong-type":
        variant = rnd.randrange(12)
        bad = rnd.choice([1, "x", [], True, 1.5])
        if variant == 0:
            body = json.dumps(rnd.choice([1, "statement", True, None, 3.5]))
        elif variant == 1:
            base["actor"] = rnd.choice([1, "learner", [], True])
        elif variant == 2:
            base["verb"] = rnd.choice(["completed", 1, []])
        elif variant == 3:
            base["object"] = rnd.choice([[], "course", 7])
        elif variant == 4:
            base["id"] = rnd.choice([123, True, [], {}])
        elif variant == 5:
            base["timestamp"] = rnd.choice([123, True, [], {}])
        elif variant == 6:
            base["result"] = rnd.choice(["done", 1, []])
        elif variant == 7:
            base["result"]["completion"] = rnd.choice(["yes", 1, []])
        elif variant == 8:
            base["result"]["score"] = rnd.choice([5, "5", []])
        elif variant == 9:
            base["actor"]["mbox"] = rnd.choice([42, [], {}, True])
        elif variant == 10:
            base["object"]["id"] = rnd.choice([42, [], {}, True])
        else:
            body = json.dumps([base, bad])
        if variant not in (0, 11):
            body = json.dumps(base)
        return kind, "POST", path, headers, body.encode(), 400
    if kind == "duplicate-key":
        variant = rnd.randrange(4)
        if variant == 0:
            body = text[:-1] + ', "id": ' + json.dumps(seeded_uuid(rnd)) + "}"
        elif variant == 1:
            body = text.replace('"verb": {', '"verb": {"id": "http://adlnet.gov/expapi/verbs/progressed", ', 1)
        elif variant == 2:
            body = text.replace('"mbox": ', '"mbox": "mailto:learner1@chaos.example", "mbox": ', 1)
        else:
            body = json.dumps([base, dict(base)])       # one id twice in a batch
        return kind, "POST", path, headers, body.encode(), 400
    if kind == "missing-field":
        variant = rnd.randrange(10)
        if variant < 3:
            del base[("actor", "verb", "object")[variant]]
        elif variant == 3:
            del base["verb"]["id"]
        elif variant == 4:
            del base["object"]["id"]
        elif variant == 5:
            base["actor"] = {"name": "nobody"}
        elif variant == 6:
            base["actor"]["account"] = {"homePage": "https://example.invalid", "name": "x"}   # two identifiers
        elif variant == 7:
            base["verb"]["id"] = "http://adlnet.gov/expapi/verbs/voided"                    # voiding an Activity
        elif variant == 8:
            base["object"]["objectType"] = "Banana"
        else:
            return kind, "POST", path, headers, b"[]", 400
        return kind, "POST", path, headers, json.dumps(base).encode(), 400
    if kind == "bad-header":
        # A missing header is accepted as 1.0.x on purpose (LinkedIn is not known to send it): only wrong ones are fuzzed.
        headers["X-Experience-API-Version"] = rnd.choice(["2.0.0", "0.95", "1.0.x", "", "1", "1.1.0"])
        return kind, "POST", path, headers, text.encode(), 400
    # PUT: statementId missing, an array, or a different id
    variant = rnd.randrange(3)
    if variant == 0:
        return kind, "PUT", path, headers, text.encode(), 400
    if variant == 1:
        return kind, "PUT", path + "?statementId=" + base["id"], headers, json.dumps([base]).encode(), 400
    return kind, "PUT", path + "?statementId=" + seeded_uuid(rnd), headers, text.encode(), 400


def scenario_fuzz(suite):
    """Hostile bodies against a running server from four keep-alive clients, plus oversized bodies
    and slow senders. Every answer must be the right 4xx (400 bad body, 413 oversized), within a
    timeout; the server must stay alive, keep answering valid statements, and its RSS stay bounded."""
    res = Result(5, "hostile xAPI fuzz")
    total = 1000 if suite.quick else 10000
    directory = suite.dir("s5-fuzz")
    env = setup_statement_db(suite, directory, 10, 10, skillsoft=True)
    server = Server(suite, env["db"], "serve-s5", directory).start()
    token = get_token(suite, server, "linkedinlearning", *env["li"])
    tokens = {"linkedin": token, "skillsoft": get_token(suite, server, "skillsoft", *env["sk"])}
    ok = request(server.host, server.port, "POST", "/api/linkedinlearning/stats",
                 json.dumps(completion(seeded_uuid(random.Random(1)), 0, 0)), xapi_headers(token))[0]
    if ok != 200:
        raise HarnessError(f"a valid statement was answered {ok} before fuzzing")
    rss_before, _ = server.memory_kb()
    per_kind, wrong, no_answer = collections.Counter(), collections.Counter(), collections.Counter()
    examples = []
    lock = threading.Lock()
    counter = {"n": 0}

    def worker(k):
        rnd = random.Random(suite.seed * 7919 + k)
        conn = None
        while True:
            with lock:
                if counter["n"] >= total:
                    break
                counter["n"] += 1
            kind, method, path, headers, body, expected = fuzz_case(rnd, tokens)
            for attempt in range(2):       # a closed keep-alive connection is not the server's answer
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(server.host, server.port, timeout=20)
                    conn.request(method, path, body=body, headers=headers)
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                    if r.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException) as e:
                    if conn:
                        conn.close()
                    conn = None
                    status = f"no answer ({type(e).__name__})"
            with lock:
                per_kind[kind] += 1
                if status != expected:
                    (no_answer if isinstance(status, str) else wrong)[f"{kind}->{status}"] += 1
                    if len(examples) < 5:
                        examples.append(f"{kind} {method} {path} {body[:110]!r}... -> {status}")
        if conn:
            conn.close()

    def slow_sender(k, results):
        """Sends an invalid body a few bytes at a time over ~3 s; expects its 400 at the end."""
        body = b'{"id": "slow-' + str(k).encode() + b'", "actor": 7}'
        try:
            s = socket.create_connection((server.host, server.port), timeout=20)
            s.sendall(b"POST /api/linkedinlearning/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode()
                      + b"\r\nX-Experience-API-Version: 1.0.3\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
            for i in range(0, len(body), 4):
                s.sendall(body[i:i + 4])
                time.sleep(0.25)
            reply = s.recv(200)
            s.close()
            results[k] = int(reply.split()[1]) if reply.startswith(b"HTTP/1.1 ") else f"bad reply {reply[:40]!r}"
        except OSError as e:
            results[k] = f"no answer ({type(e).__name__})"

    t0 = time.time()
    slow_results = {}
    slow = [threading.Thread(target=slow_sender, args=(k, slow_results), daemon=True) for k in range(3 if suite.quick else 8)]
    # Stalled senders: headers and half a body, then silence; they must not slow anyone else down.
    stalled = []
    for _ in range(2 if suite.quick else 6):
        s = socket.create_connection((server.host, server.port), timeout=5)
        s.sendall(b"POST /api/linkedinlearning/stats HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"id\":")
        stalled.append(s)
    workers = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(4)]
    for t in slow + workers:
        t.start()
    health_latency = []
    while any(t.is_alive() for t in workers) and time.time() - t0 < 600:
        h0 = time.time()
        try:
            request(server.host, server.port, "GET", "/health", timeout=5)
            health_latency.append(time.time() - h0)
        except OSError:
            health_latency.append(99.0)
        time.sleep(0.5)
    for t in slow + workers:
        t.join(timeout=30)
    if any(t.is_alive() for t in workers):
        res.fail("fuzz clients still waiting after 600 s (a hang)")

    # Oversized bodies: with Content-Length and chunked, over the 4 MiB default limit.
    oversized = collections.Counter()
    for k in range(3 if suite.quick else 10):
        size = (4 << 20) + random.Random(k).randint(1, 2 << 20)
        try:
            if k % 2 == 0:
                status = request(server.host, server.port, "POST", "/api/linkedinlearning/stats", b"[" * size,
                                 xapi_headers(token), timeout=60)[0]
            else:
                conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
                conn.request("POST", "/api/linkedinlearning/stats", (b"{" * 65536 for _ in range(size // 65536)),
                             xapi_headers(token), encode_chunked=True)
                status = conn.getresponse().status
                conn.close()
        except (OSError, http.client.HTTPException) as e:
            status = f"no answer ({type(e).__name__})"
        oversized[status] += 1
        res.tries += 1
        if status != 413:
            res.fail(f"oversized body ({size} bytes, {'chunked' if k % 2 else 'Content-Length'}) answered {status}, expected 413")
    stalled_open = 0       # did the server drop the stalled connections, or keep them waiting?
    for s in stalled:
        try:
            s.settimeout(0.2)
            if s.recv(1) != b"":
                stalled_open += 1
        except socket.timeout:
            stalled_open += 1
        except OSError:
            pass
        s.close()

    time.sleep(2)
    alive = server.alive()
    rss_after, hwm = server.memory_kb() if alive else (0, 0)
    valid = request(server.host, server.port, "POST", "/api/linkedinlearning/stats",
                    json.dumps(completion(seeded_uuid(random.Random(2)), 1, 1)), xapi_headers(token))[0] if alive else None
    server.stop()
    conn = db_connect(env["db"])
    ic = integrity(conn)
    stored = conn.execute("SELECT COUNT(*) FROM statement").fetchone()[0]
    conn.close()
    res.tries += sum(per_kind.values()) + len(slow_results)
    for key, n in sorted(wrong.items()):
        res.fail(f"{n} x {key} (wrong status)")
    for key, n in sorted(no_answer.items()):
        res.fail(f"{n} x {key}")
    for k, status in slow_results.items():
        if status != 400:
            res.fail(f"slow sender {k}: {status}, expected 400")
    if len(slow_results) < len(slow):
        res.fail(f"{len(slow) - len(slow_results)} slow senders got no answer in time")
    if not alive:
        res.fail("serve died during the fuzz run")
    if valid != 200:
        res.fail(f"after fuzzing, a valid statement was answered {valid}")
    accepted = sum(n for key, n in wrong.items() if key.rsplit("->", 1)[1].startswith("2"))
    if stored != 2 + accepted:
        res.fail(f"{stored - 2} fuzz bodies stored, {accepted} of them answered 2xx")
    if ic != "ok":
        res.fail(f"integrity_check = {ic[:100]}")
    growth_mb = (rss_after - rss_before) / 1024
    if growth_mb > 256:
        res.fail(f"RSS grew by {growth_mb:.0f} MB ({rss_before // 1024} -> {rss_after // 1024} MB)")
    if examples and res.failures:
        res.details.extend("  e.g. " + e for e in examples)
    worst = max(health_latency) if health_latency else 0
    res.note(f"{sum(per_kind.values())} bodies ({len(per_kind)} kinds) + {sum(oversized.values())} oversized + {len(slow_results)} slow "
             f"senders in {time.time() - t0:.0f} s; RSS {rss_before // 1024} -> {rss_after // 1024} MB (peak {hwm // 1024} MB); "
             f"/health worst {worst * 1000:.0f} ms with {len(stalled)} stalled senders ({stalled_open} still open after the run)")
    return res


# MARK: - 6. Authentication

def scenario_auth(suite):
    """Tokens are per provider and per integration state; the token endpoint authenticates the
    client and throttles brute force."""
    res = Result(6, "authentication")
    directory = suite.dir("s6-auth")
    env = setup_statement_db(suite, directory, 3, 3, skillsoft=True)
    server = Server(suite, env["db"], "serve-s6", directory).start()
    li_token = get_token(suite, server, "linkedinlearning", *env["li"])
    sk_token = get_token(suite, server, "skillsoft", *env["sk"])
    rnd = random.Random(suite.seed + 6)
    li_body = json.dumps(completion(seeded_uuid(rnd), 0, 0))
    sk_body = json.dumps(dict(completion(seeded_uuid(rnd), 1, 1), object={"id": "https://example.invalid/course/1"}))
    transcript = open(os.path.join(suite.root, "captures", "auth-responses.txt"), "ab")

    def check(label, expected, method, path, body=b"", headers=None, also=None):
        status, hdrs, data = request(server.host, server.port, method, path, body, headers)
        transcript.write(f"{label}: {status} {hdrs}\n".encode() + data + b"\n")
        res.tries += 1
        if status != expected or (also and not also(hdrs, data)):
            res.fail(f"{label}: answered {status} {data[:160]!r}, expected {expected}")
        return status, hdrs, data

    li_stats, sk_stats = "/api/linkedinlearning/stats", "/api/skillsoft/statements"
    check("LinkedIn token on LinkedIn", 200, "POST", li_stats, li_body, xapi_headers(li_token))
    check("Skillsoft token on Skillsoft", 200, "POST", sk_stats, sk_body, xapi_headers(sk_token))
    check("Skillsoft token on LinkedIn's endpoint", 401, "POST", li_stats, li_body, xapi_headers(sk_token))
    check("LinkedIn token on Skillsoft's endpoint", 401, "POST", sk_stats, sk_body, xapi_headers(li_token))
    no_auth = xapi_headers(li_token)
    del no_auth["Authorization"]
    check("no token", 401, "POST", li_stats, li_body, no_auth)
    check("unknown token", 401, "POST", li_stats, li_body, xapi_headers("x" * 43))
    check("Basic instead of Bearer", 401, "POST", li_stats, li_body,
          dict(xapi_headers(li_token), Authorization="Basic " + li_token))
    is_invalid_client = lambda h, d: json.loads(d).get("error") == "invalid_client"
    body, hdrs = form(grant_type="client_credentials", client_id=env["li"][0], client_secret=env["li"][1])
    check("LinkedIn credentials on Skillsoft's token endpoint", 401, "POST", "/api/skillsoft/oauth2/token", body, hdrs, is_invalid_client)
    body, hdrs = form(grant_type="client_credentials", client_id=env["li"][0], client_secret="wrong-" + env["li"][1][:6])
    check("bad secret", 401, "POST", "/api/linkedinlearning/oauth2/token", body, hdrs, is_invalid_client)
    body, hdrs = form(grant_type="client_credentials", client_id="cb-linkedin-unknown", client_secret="whatever-secret")
    check("unknown client", 401, "POST", "/api/linkedinlearning/oauth2/token", body, hdrs, is_invalid_client)

    # Rotating the webhook secret revokes the old secret's tokens.
    rotated = suite.must(suite.cli(env["db"], "integration", "webhook", "1", "--rotate", tag="rotate", by_design=True), "rotate")
    new_secret = re.search(r"client secret:\s+(\S+)", rotated.out)
    if new_secret:
        suite.add_secret(new_secret.group(1), "rotated webhook secret")
    check("token issued before --rotate", 401, "POST", li_stats, json.dumps(completion(seeded_uuid(rnd), 2, 2)), xapi_headers(li_token))
    # A deactivated integration's token stops working.
    suite.must(suite.cli(env["db"], "integration", "deactivate", "2", "--yes"), "deactivate")
    check("token of a deactivated integration", 401, "POST", sk_stats, sk_body, xapi_headers(sk_token))

    # Brute force: wrong secrets in a row must be throttled with 429 + Retry-After.
    first_429 = None
    for attempt in range(1, 41):
        body, hdrs = form(grant_type="client_credentials", client_id=env["li"][0], client_secret=f"guess-{attempt:04d}-xxxxxxxx")
        status, h, data = request(server.host, server.port, "POST", "/api/linkedinlearning/oauth2/token", body, hdrs)
        transcript.write(f"brute force {attempt}: {status}\n".encode() + data + b"\n")
        if status == 429:
            first_429 = (attempt, h.get("Retry-After"))
            break
    res.tries += 1
    if not first_429 or not first_429[1]:
        res.fail(f"40 wrong secrets in a row were never answered 429 with Retry-After ({first_429})")
    transcript.close()
    server.stop()
    res.note(f"cross-provider, missing, unknown, rotated and deactivated tokens 401; bad secret 401 invalid_client; "
             f"brute force 429 at attempt {first_429[0] if first_429 else '-'} (Retry-After {first_429[1] if first_429 else '-'})")
    return res


# MARK: - 7. Secrets

def scenario_secrets(suite):
    """After the other scenarios: no provider secret, webhook secret or access token in plaintext
    in any database, WAL, log, captured stdout/stderr, --json output or process command line; the
    files CourseBridge creates are mode 0600. Outputs that show a secret on purpose (the simulator's
    listing, `integration webhook` the first time, --rotate) are kept apart and not scanned."""
    res = Result(7, "secrets at rest and in output")
    directory = suite.dir("s7-json")
    # --json and masked outputs of every database left by the other scenarios.
    for root, _, files in os.walk(suite.root):
        for name in files:
            if name == "cb.sqlite":
                db = os.path.join(root, name)
                for args in (("integration", "list", "--json"), ("runs", "--json"), ("integration", "show", "1"),
                             ("courses", "--limit", "5", "--json")):
                    suite.cli(db, *args, tag="json-" + args[0])
    if not suite.secrets:
        res.note("no secrets were produced (no other scenario ran)")
        return res
    needles = {s.encode(): origin for s, origin in suite.secrets.items()}
    hits, scanned, size = [], 0, 0
    for root, _, files in os.walk(suite.root):
        if os.path.relpath(root, suite.root).split(os.sep)[0] == "by-design":
            continue
        for name in files:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            scanned += 1
            size += len(data)
            for needle, origin in needles.items():
                if needle in data:
                    hits.append(f"{origin} in plaintext in {os.path.relpath(path, suite.root)}")
    res.tries = scanned
    # Control: the same scan over the outputs that show secrets on purpose must find them.
    shown = b"".join(open(os.path.join(r, f), "rb").read() for r, _, fs in os.walk(os.path.join(suite.root, "by-design")) for f in fs)
    control = sum(1 for needle, origin in needles.items() if needle in shown)
    for h in hits:
        res.fail(h)
    # Files CourseBridge created: database, WAL, shared memory, key, log.
    loose = []
    for root, _, files in os.walk(suite.root):
        for name in files:
            if re.search(r"(\.sqlite(-wal|-shm)?|\.sqlite\.key|\.log)$", name):
                path = os.path.join(root, name)
                mode = os.stat(path).st_mode & 0o777
                if mode != 0o600:
                    loose.append(f"{os.path.relpath(path, suite.root)} {oct(mode)}")
    for item in loose:
        res.fail(f"file not 0600: {item}")
    res.note(f"{len(needles)} secrets (provider, webhook, access tokens) x {scanned} files ({size >> 20} MB): "
             f"{len(hits)} plaintext hits (control: the scan finds {control} of them in by-design outputs); "
             f"{len(loose)} files not 0600; serve command lines included")
    return res


# MARK: - 8. Injection

ESCAPE = "\x1b]0;owned\x07\x1b[2J\x1b[31mRED\x1b[0m\x9b31m"
SQL = "'; DROP TABLE course; --"


def raw_controls(data):
    """Raw control characters a terminal may act on: ESC and BEL always; C1 CSI (U+009B as UTF-8)
    only on terminals that honour 8-bit controls, so it is reported apart."""
    return [name for name, b in (("ESC", b"\x1b"), ("BEL", b"\x07"), ("C1", b"\xc2\x9b")) if b in data]


def scenario_injection(suite):
    """SQL and terminal escape sequences through CLI arguments, a CSV import and a hostile
    provider title: stored verbatim, the schema intact, and nothing that reaches the terminal
    carries a raw escape sequence."""
    res = Result(8, "SQL / terminal-escape injection")
    directory = suite.dir("s8-injection")
    db = os.path.join(directory, "cb.sqlite")
    suite.must(suite.cli(db, "group", "add", "Base"), "group add")
    suite.must(suite.cli(db, "user", "add", "--email", "admin@chaos.example"), "user add")
    suite.must(suite.cli(db, "group", "member", "add", "1", "admin@chaos.example", "--role", "editor"), "member add")
    suite.must(suite.cli(db, "integration", "add", "linkedin", "--group", "1", "--author", "admin@chaos.example"), "integration add")
    conn = db_connect(db)
    with conn:      # a provider sending a hostile title (stands in for a synced catalog item)
        conn.execute("INSERT INTO course(integration_id, provider, provider_id, title, description, launch_url, created_at, updated_at) "
                     "VALUES (1, 'linkedin', 'urn:li:lyndaCourse:1', ?, ?, 'https://example.invalid/1', 0, 0)",
                     ("Title " + ESCAPE + " " + SQL, "Description " + ESCAPE))
    conn.close()
    csv_path = os.path.join(directory, "hostile.csv")
    with open(csv_path, "w") as f:
        f.write(f"email,username,external_id,name\nnot-an-email{ESCAPE},u1,,x\n")
    calls = [
        ("group add (SQL name)", ("group", "add", SQL)),
        ("group add (escape name)", ("group", "add", "Evil " + ESCAPE)),
        ("user add (escape name)", ("user", "add", "--email", "ann@chaos.example", "--name", "Ann " + ESCAPE)),
        ("user add (escape in email)", ("user", "add", "--email", f"x{ESCAPE}@chaos.example")),
        ("user add (invalid email with escape)", ("user", "add", "--email", "bad" + ESCAPE)),
        ("user import (hostile CSV row)", ("user", "import", csv_path)),
        ("group member add (unknown email with escape)", ("group", "member", "add", "1", "nobody" + ESCAPE + "@x.example", "--role", "learner")),
        ("group list", ("group", "list")),
        ("user list", ("user", "list")),
        ("courses", ("courses",)),
        ("courses --search SQL", ("courses", "--search", SQL)),
        ("courses --search FTS syntax", ("courses", "--search", '"unbalanced OR NEAR( title:* ^')),
        ("courses --search escape", ("courses", "--search", ESCAPE)),
        ("courses --search (escape, no words)", ("courses", "--search", "\x1b[;\x07\x1b]")),
        ("group list --json", ("group", "list", "--json")),
        ("courses --json", ("courses", "--json")),
    ]
    raw, c1_only = [], []
    for label, args in calls:
        run = suite.cli(db, *args, tag="inject")
        res.tries += 1
        if run.crashed() or run.rc == "timeout":
            res.fail(f"{label}: crashed or hung (rc {run.rc}): {run.err[-200:]!r}")
        for stream, data in (("stdout", run.out_b), ("stderr", run.err_b)):
            found = raw_controls(data)
            if "ESC" in found or "BEL" in found:
                raw.append(label)
                res.fail(f"{label}: raw {'+'.join(found)} on {stream} (exit {run.rc}): {data[:160]!r}")
            elif found:
                c1_only.append(f"{label} ({stream})")
    conn = db_connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    names = [r[0] for r in conn.execute('SELECT name FROM "group" ORDER BY id')]
    courses = conn.execute("SELECT COUNT(*) FROM course").fetchone()[0]
    ic = integrity(conn)
    conn.close()
    if "course" not in tables or courses != 1:
        res.fail(f"the course table was altered: tables {sorted(tables)[:5]}..., {courses} courses")
    if SQL not in names or "Evil " + ESCAPE not in names:
        res.fail(f"group names not stored verbatim: {names!r}")
    if ic != "ok":
        res.fail(f"integrity_check = {ic[:100]}")
    res.note("SQL stored verbatim, schema intact; "
             + (f"raw ESC/BEL reach the terminal from: {', '.join(sorted(set(raw)))}" if raw else "no raw ESC/BEL reached the terminal")
             + (f"; raw 8-bit C1 (U+009B) passes through in: {', '.join(c1_only)}" if c1_only else ""))
    return res


# MARK: - 15. Key-file faults

KEY_FAULT_INTEGRATIONS = 3


def base64_key(raw):
    import base64
    return base64.b64encode(raw).decode()


def key_fault_db(suite, directory):
    """A database with KEY_FAULT_INTEGRATIONS LinkedIn integrations (one per group), each with sealed
    credentials whose client id is chaos-client-N."""
    db = os.path.join(directory, "cb.sqlite")
    suite.must(suite.cli(db, "user", "add", "--email", "admin@chaos.example"), "user add")
    for n in range(1, KEY_FAULT_INTEGRATIONS + 1):
        suite.must(suite.cli(db, "group", "add", f"Keys {n}"), "group add")
        suite.must(suite.cli(db, "group", "member", "add", str(n), "admin@chaos.example", "--role", "editor"), "member add")
        suite.must(suite.cli(db, "integration", "add", "linkedin", "--group", str(n), "--author", "admin@chaos.example"),
                   "integration add")
        secret = f"chaos-key-secret-{n}-{uuid.uuid4().hex}"
        suite.add_secret(secret, f"provider secret of key-fault integration {n}")
        suite.must(suite.cli(db, "integration", "credentials", str(n),
                             stdin_text=f"client_id=chaos-client-{n}\nclient_secret={secret}\n"), "integration credentials")
    return db


def copy_db(source_dir, target_dir):
    """A copy of a closed database and its key (every cb.sqlite* file)."""
    os.makedirs(target_dir, exist_ok=True)
    for name in os.listdir(source_dir):
        if name.startswith("cb.sqlite"):
            shutil.copy2(os.path.join(source_dir, name), os.path.join(target_dir, name))
    return os.path.join(target_dir, "cb.sqlite")


def secrets_open(suite, db, tag):
    """Missing descriptions: every integration's credentials must open (their client id shows)."""
    problems = []
    for n in range(1, KEY_FAULT_INTEGRATIONS + 1):
        run = suite.cli(db, "integration", "show", str(n), tag=tag)
        if run.rc != 0 or f"chaos-client-{n}" not in run.out:
            problems.append(f"integration {n}: rc {run.rc} {(run.err.strip() or run.out.strip())[:160]}")
    return problems


def scenario_key_faults(suite):
    """Key-file faults: a key path that is a directory, unreadable, damaged, readable by others, of
    another key, or missing while secrets are sealed is refused with a clear error and nothing is
    lost; processes creating a key at once end with one key; `key rotate` SIGKILLed at random
    moments leaves every secret openable."""
    res = Result(15, "key-file faults")
    base_dir = suite.dir("s15-keys/base")
    base = key_fault_db(suite, base_dir)
    key_bytes = open(base + ".key", "rb").read()
    other_key = base64_key(os.urandom(32))
    nobody = 65534

    def as_nobody(db):
        """Runs the CLI as an unprivileged user who owns the database but not the key (root reads anything)."""
        d = os.path.dirname(db)
        for name in os.listdir(d):
            if name != "cb.sqlite.key":
                os.chown(os.path.join(d, name), nobody, nobody)
        os.chown(d, nobody, nobody)
        argv = ["setpriv", f"--reuid={nobody}", f"--regid={nobody}", "--clear-groups", suite.bin, "--db", db, "integration", "show", "1"]
        os.chmod(suite.root, 0o711)     # nobody may pass through the work directory
        try:
            cp = subprocess.run(argv, capture_output=True, timeout=60)
        finally:
            os.chmod(suite.root, 0o700)
        for name in os.listdir(d):
            os.chown(os.path.join(d, name), 0, 0)
        os.chown(d, 0, 0)
        return Run(argv, cp.returncode, cp.stdout, cp.stderr, 0)

    def key_directory(key):
        os.remove(key)
        os.mkdir(key)

    def key_unreadable(key):
        if os.geteuid() != 0:
            os.chmod(key, 0)

    faults = [
        ("a directory", key_directory, r"is a directory, not a key file", None),
        ("unreadable", key_unreadable, r"cannot be read \(permission denied\)", None),
        ("wrong length", lambda k: open(k, "w").write(base64_key(os.urandom(16)) + "\n"), r"is damaged \(16 bytes of key instead of 32\)", None),
        ("garbage", lambda k: open(k, "wb").write(b"\x00\xffnot a key at all\n"), r"is damaged \(not base64", None),
        ("mode 0644", lambda k: os.chmod(k, 0o644), r"chmod 600 ", None),
        ("missing", os.remove, r"the database holds 3 sealed secrets but the key file .* is missing; restore it or set COURSEBRIDGE_SECRET_KEY", None),
        ("another key file", lambda k: open(k, "w").write(other_key + "\n"), r"is not the key this database's 3 sealed secrets are sealed with", None),
        ("another COURSEBRIDGE_SECRET_KEY", lambda k: None, r"is not the key this database's 3 sealed secrets are sealed with", other_key),
    ]
    def key_state(key):
        if os.path.isdir(key):
            return "directory"
        if not os.path.exists(key):
            return "missing"
        return open(key, "rb").read() if os.access(key, os.R_OK) else "unreadable", os.stat(key).st_mode & 0o777

    for name, damage, expected, env_key in faults:
        d = suite.dir("s15-keys/" + re.sub(r"\W+", "-", name))
        db = copy_db(base_dir, d)
        key = db + ".key"
        damage(key)
        damaged = key_state(key)
        tries = []
        env = dict(os.environ)
        if env_key:
            env["COURSEBRIDGE_SECRET_KEY"] = env_key
        if name == "unreadable" and os.geteuid() == 0:
            if not shutil.which("setpriv"):
                res.note("unreadable: skipped (root and no setpriv)")
                continue
            tries.append(as_nobody(db))
        else:
            for args, stdin in ((("integration", "show", "1"), None),
                                (("integration", "credentials", "1"), "client_id=x\nclient_secret=replacement-secret\n")):
                argv = [suite.bin, "--db", db, *args]
                cp = subprocess.run(argv, input=(stdin or "").encode(), capture_output=True, timeout=60, env=env)
                tries.append(Run(argv, cp.returncode, cp.stdout, cp.stderr, 0))
        for run in tries:
            res.tries += 1
            if run.rc == 0 or "saved (encrypted)" in run.out:
                res.fail(f"{name}: `{' '.join(run.argv[-3:])}` was not refused (rc {run.rc})")
            elif run.crashed():
                res.fail(f"{name}: crashed (rc {run.rc})")
            elif not re.search(expected, run.err):
                res.fail(f"{name}: unclear error: {run.err.strip()[:200]}")
        if key_state(key) != damaged:
            res.fail(f"{name}: the key path was changed (a new key was made?)")
        # Put the right key back: every secret must still open.
        if os.path.isdir(key):
            os.rmdir(key)
        with open(key, "wb") as f:
            f.write(key_bytes)
        os.chmod(key, 0o600)
        for problem in secrets_open(suite, db, "s15-after"):
            res.fail(f"{name}: after restoring the key, {problem}")
    res.note(f"{len(faults)} key faults x show + credentials refused with a clear error, secrets intact after restore")

    # Processes creating a key at the same moment: a new database, and an existing one without secrets.
    races = 3 if suite.quick else 10
    racers = 4
    mismatched = 0
    for i in range(races):
        d = suite.dir(f"s15-keys/race-{i}")
        db = os.path.join(d, "cb.sqlite")
        procs = [suite.start([suite.bin, "--db", db, "key", "status"], f"s15-race-{i}") for _ in range(racers)]
        fingerprints = set()
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
            rc = suite.reap(p, sig=signal.SIGKILL)
            out, err = read_text(p.out_path), read_text(p.err_path)
            res.tries += 1
            m = re.search(r"fingerprint:\s+([0-9a-f]+)", out)
            if rc != 0 or not m:
                res.fail(f"race {i}: a process opening the new database failed (rc {rc}): {err.strip()[:200]}")
            else:
                fingerprints.add(m.group(1))
        if len(fingerprints) > 1:
            mismatched += 1
            res.fail(f"race {i}: {len(fingerprints)} different keys in use")
        # Two processes sealing credentials while they create the key (no secret sealed yet).
        shutil.rmtree(d)
        d = suite.dir(f"s15-keys/race-{i}")
        db = copy_db(base_dir, d)
        suite.must(suite.cli(db, "integration", "add", "coursera", "--group", "1", "--author", "admin@chaos.example"), "integration add")
        conn = db_connect(db)
        conn.execute("UPDATE integration SET credentials_sealed = NULL")
        conn.commit()
        conn.close()
        os.remove(db + ".key")
        procs = []
        for n in range(1, KEY_FAULT_INTEGRATIONS + 1):
            p = subprocess.Popen([suite.bin, "--db", db, "integration", "credentials", str(n)], stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
            procs.append(p)
        secret = f"chaos-race-secret-{uuid.uuid4().hex}"
        suite.add_secret(secret, "provider secret of a key-creation race")
        for n, p in enumerate(procs, 1):
            _, err = p.communicate(f"client_id=chaos-client-{n}\nclient_secret={secret}\n".encode(), timeout=60)
            res.tries += 1
            if p.returncode != 0:
                res.fail(f"race {i}: credentials {n} while the key was created failed: {err.decode(errors='replace').strip()[:200]}")
        for problem in secrets_open(suite, db, "s15-race"):
            mismatched += 1
            res.fail(f"race {i}: {problem}")
    res.note(f"{races} x {racers} processes on a new database + {races} x {KEY_FAULT_INTEGRATIONS} sealing while "
             f"creating the key: {mismatched} with more than one key")

    # `key rotate` killed at random moments.
    kills = 4 if suite.quick else 12
    pause = 0.08
    rnd = random.Random(suite.seed + 15)
    committed = 0
    for i in range(kills):
        d = suite.dir(f"s15-keys/rotate-{i}")
        db = copy_db(base_dir, d)
        p = suite.start([suite.bin, "--db", db, "key", "rotate", "--pause-per-secret", str(pause)], f"s15-rotate-{i}")
        time.sleep(rnd.uniform(0.05, 0.35 + KEY_FAULT_INTEGRATIONS * pause))
        suite.reap(p, sig=signal.SIGKILL, timeout=10)
        res.tries += 1
        problems = secrets_open(suite, db, "s15-after-rotate")
        for problem in problems:
            res.fail(f"rotate killed (try {i}): {problem}")
        if os.path.exists(db + ".key.new"):
            res.fail(f"rotate killed (try {i}): {db}.key.new left after the next open")
        if open(db + ".key", "rb").read() != key_bytes:
            committed += 1
        # A rotation after recovery completes and the secrets still open.
        again = suite.cli(db, "key", "rotate", tag="s15-rotate-again")
        if again.rc != 0:
            res.fail(f"rotate after a killed rotate (try {i}) failed: {again.err.strip()[:200]}")
        for problem in secrets_open(suite, db, "s15-after-rotate-again"):
            res.fail(f"second rotate (try {i}): {problem}")
    res.note(f"key rotate SIGKILLed {kills} times ({committed} after its commit, {kills - committed} before): "
             "every secret opened afterwards")

    # Ctrl-C at the no-echo secret prompt, on a real terminal (a pty): echo must be back on afterwards.
    echo_tries = 2 if suite.quick else 5
    echo_left_off = 0
    for i in range(echo_tries):
        res.tries += 1
        problem = ctrl_c_at_secret_prompt(suite, base)
        if problem:
            echo_left_off += 1
            res.fail(f"Ctrl-C at the secret prompt (try {i}): {problem}")
    res.note(f"Ctrl-C at the secret prompt on a pty {echo_tries} times: echo left off {echo_left_off} times")
    return res


def ctrl_c_at_secret_prompt(suite, db):
    """Types a client id, then Ctrl-C at the secret prompt; returns what went wrong, or None."""
    import pty
    import termios
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(suite.bin, [suite.bin, "--db", db, "integration", "credentials", "1"])
    try:
        def read_until(marker, timeout):
            seen, deadline = b"", time.time() + timeout
            while time.time() < deadline and marker not in seen:
                ready, _, _ = select.select([fd], [], [], 0.1)
                if ready:
                    try:
                        seen += os.read(fd, 4096)
                    except OSError:
                        break
            return marker in seen
        if not read_until(b"(client_id):", 20):
            return "no client id prompt"
        os.write(fd, b"chaos-client-1\n")
        if not read_until(b"(client_secret):", 20):
            return "no secret prompt"
        if termios.tcgetattr(fd)[3] & termios.ECHO:
            return "echo was on at the secret prompt"
        os.write(fd, b"\x03")
        deadline, status = time.time() + 10, None
        while time.time() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            read_until(b"\0", 0.1)
        else:
            return "coursebridge did not stop on Ctrl-C"
        if not os.WIFSIGNALED(status) or os.WTERMSIG(status) != signal.SIGINT:
            return f"exit status {status}, not killed by SIGINT"
        if not termios.tcgetattr(fd)[3] & termios.ECHO:
            return "echo left off"
        return None
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
# MARK: - 9-11. Unauthenticated load (security review H2, M1, M4)

def raw_exchange(host, port, head, body=b"", source=None, timeout=10):
    """One request on a new socket, optionally bound to a loopback source address. The server may refuse
    before the body is sent and close: a broken pipe while sending is expected. Returns the status (0 when
    no answer came) and whether the server had closed the connection."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        if source:
            s.bind((source, 0))
        s.connect((host, port))
        try:
            s.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        m = re.match(rb"HTTP/1\.1 (\d{3})", data)
        return int(m.group(1)) if m else 0
    except OSError:
        return 0
    finally:
        s.close()


def token_head(segment, length, extra=""):
    return (f"POST /api/{segment}/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n{extra}\r\n").encode()


def rss_mb(server):
    rss, hwm = server.memory_kb()
    return rss / 1024, hwm / 1024


def provider_probe(server, env, stop, outcomes, every=0.25):
    """The real provider asking for its token throughout a flood: every answer must be 200."""
    while not stop.is_set():
        body, hdrs = form(grant_type="client_credentials", client_id=env["li"][0], client_secret=env["li"][1])
        try:
            status, _, data = request(server.host, server.port, "POST", "/api/linkedinlearning/oauth2/token", body, hdrs, timeout=10)
            if status == 200:
                json.loads(data)["access_token"]
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            status = 0
        outcomes.append(status)
        stop.wait(every)


def scenario_token_flood(suite):
    """Token flood: failed token requests with megabyte client ids (body and Basic header) and many
    unknown ids from 49 loopback addresses; RSS must grow < 64 MB and the real provider keeps getting
    its token."""
    res = Result(9, "token flood")
    directory = suite.dir("s9-token-flood")
    env = setup_statement_db(suite, directory, 1, 1)
    server = Server(suite, env["db"], "serve-s9", directory).start()
    get_token(suite, server, "linkedinlearning", *env["li"])       # warm up
    before, _ = rss_mb(server)
    total = 600 if suite.quick else 3000
    sources = [f"127.0.0.{n}" for n in range(2, 51)]
    big = b"A" * (1 << 20)
    statuses = collections.Counter()
    stop, probes = threading.Event(), []
    probe = threading.Thread(target=provider_probe, args=(server, env, stop, probes))
    probe.start()
    t0 = time.time()

    def worker(k):
        for i in range(k, total, 8):
            source = sources[i % len(sources)]
            kind = i % 3
            if kind == 0:       # a 1 MiB client id in the form body
                body = b"grant_type=client_credentials&client_secret=x&client_id=" + big
                status = raw_exchange(server.host, server.port, token_head("linkedinlearning", len(body)), body, source)
            elif kind == 1:     # a 60 KB client id in HTTP Basic
                basic = "Basic " + __import__("base64").b64encode(b"B" * 60_000 + b":x").decode()
                body = b"grant_type=client_credentials"
                status = raw_exchange(server.host, server.port,
                                      token_head("linkedinlearning", len(body), f"Authorization: {basic}\r\n"), body, source)
            else:               # a new unknown 200-byte client id each time
                body = f"grant_type=client_credentials&client_secret=x&client_id=flood-{i:06d}-{'c' * 180}".encode()
                status = raw_exchange(server.host, server.port, token_head("linkedinlearning", len(body)), body, source)
            with suite.lock:
                statuses[status] += 1
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.time() - t0
    stop.set()
    probe.join()
    time.sleep(0.5)
    after, hwm = rss_mb(server)
    res.tries = total + len(probes)
    if not server.alive():
        res.fail("serve died during the flood")
    if after - before >= 64:
        res.fail(f"RSS grew {after - before:.0f} MB ({before:.0f} -> {after:.0f} MB, peak {hwm:.0f} MB)")
    accepted = {400, 401, 413, 429}
    odd = {s: n for s, n in statuses.items() if s not in accepted}
    if odd:
        res.fail(f"unexpected answers to the flood: {odd}")
    refused = [s for s in probes if s != 200]
    if refused or not probes:
        res.fail(f"the real provider was refused {len(refused)} of {len(probes)} times during the flood: {collections.Counter(refused)}")
    server.stop()
    res.note(f"{total} failed requests in {seconds:.1f} s from {len(sources)} addresses "
             f"({', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))}); RSS {before:.0f} -> {after:.0f} MB "
             f"(peak {hwm:.0f} MB); real provider {probes.count(200)}/{len(probes)} tokens")
    return res


def scenario_lockout(suite):
    """Lockout: wrong secrets for the real client id from other addresses (direct, and through a trusted
    proxy with X-Forwarded-For); the right secret must get a token every time."""
    res = Result(10, "lockout")
    directory = suite.dir("s10-lockout")
    env = setup_statement_db(suite, directory, 1, 1)
    rounds = 6 if suite.quick else 20
    path = "/api/linkedinlearning/oauth2/token"
    wrong_statuses = collections.Counter()
    right_ok = right_total = 0
    for label, extra in (("direct", []), ("behind a trusted proxy", ["--trusted-proxy", "127.0.0.1"])):
        server = Server(suite, env["db"], f"serve-s10-{len(extra)}", directory, extra=extra).start()
        for r in range(rounds):
            for n in range(2, 12):      # ten strangers, three wrong secrets each per round
                for k in range(3):
                    body = urllib.parse.urlencode(dict(grant_type="client_credentials", client_id=env["li"][0],
                                                       client_secret=f"guess-{r}-{n}-{k}")).encode()
                    xff = f"X-Forwarded-For: 198.51.100.{n}\r\n" if extra else ""
                    wrong_statuses[raw_exchange(server.host, server.port, token_head("linkedinlearning", len(body), xff),
                                                body, None if extra else f"127.0.0.{n}")] += 1
            # The real provider: from its own address, and from an address strangers just used.
            for source, xff in (("127.0.0.1", "203.0.113.7"), ("127.0.0.2", "198.51.100.2")):
                body = urllib.parse.urlencode(dict(grant_type="client_credentials", client_id=env["li"][0],
                                                   client_secret=env["li"][1])).encode()
                head = token_head("linkedinlearning", len(body), f"X-Forwarded-For: {xff}\r\n" if extra else "")
                status = raw_exchange(server.host, server.port, head, body, None if extra else source)
                right_total += 1
                res.tries += 1
                if status == 200:
                    right_ok += 1
                else:
                    res.fail(f"{label}, round {r}: the right secret from {xff if extra else source} got {status}")
        server.stop()
    if not wrong_statuses.get(429):
        res.fail(f"wrong secrets were never slowed down: {dict(wrong_statuses)}")
    res.tries += sum(wrong_statuses.values())
    res.note(f"{sum(wrong_statuses.values())} wrong secrets from 10 addresses, direct and via --trusted-proxy "
             f"({', '.join(f'{s}: {n}' for s, n in sorted(wrong_statuses.items()))}); right secret {right_ok}/{right_total} tokens")
    return res


def scenario_unauthenticated_bodies(suite):
    """Unauthenticated bodies: 60 connections each sending a near-limit body with no or a forged token
    (RSS growth < 64 MB), bodies dripped one byte a second dropped within --request-timeout, and
    connections over --max-connections closed at once."""
    res = Result(11, "unauthenticated bodies")
    directory = suite.dir("s11-bodies")
    env = setup_statement_db(suite, directory, 1, 1)
    timeout_s, cap = 4, 100
    server = Server(suite, env["db"], "serve-s11", directory,
                    extra=["--request-timeout", str(timeout_s), "--max-connections", str(cap)]).start()
    token = get_token(suite, server, "linkedinlearning", *env["li"])
    before, _ = rss_mb(server)
    limit = 4 << 20
    body = b"[" + b" " * (limit - 3) + b"]"
    statuses = collections.Counter()
    rounds = 1 if suite.quick else 3

    def sender(i):
        auth = "" if i % 2 else "Authorization: Bearer forged-" + "f" * 40 + "\r\n"
        head = (f"POST /api/linkedinlearning/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}X-Experience-API-Version: 1.0.3\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        status = raw_exchange(server.host, server.port, head, body, f"127.0.0.{2 + i % 40}")
        with suite.lock:
            statuses[status] += 1
    t0 = time.time()
    for _ in range(rounds):
        threads = [threading.Thread(target=sender, args=(i,)) for i in range(60)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    flood_seconds = time.time() - t0
    time.sleep(0.5)
    after, hwm = rss_mb(server)
    res.tries += 60 * rounds
    if set(statuses) - {401}:
        res.fail(f"unauthenticated near-limit bodies answered {dict(statuses)} (expected 401 only)")
    if after - before >= 64:
        res.fail(f"RSS grew {after - before:.0f} MB ({before:.0f} -> {after:.0f} MB, peak {hwm:.0f} MB)")

    # Dripped bodies: the token endpoint (anonymous) and statements with a valid token.
    drips = []

    def drip(label, head):
        s = socket.create_connection((server.host, server.port), timeout=timeout_s + 10)
        start = time.time()
        closed_after = None
        try:
            s.sendall(head)
            while time.time() - start < timeout_s + 8:
                time.sleep(1)
                try:
                    s.sendall(b"a")
                except OSError:
                    closed_after = time.time() - start
                    break
                s.setblocking(False)
                try:
                    if s.recv(4096) == b"":
                        closed_after = time.time() - start
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    closed_after = time.time() - start
                    break
                finally:
                    s.setblocking(True)
        finally:
            s.close()
        with suite.lock:
            drips.append((label, closed_after))
    # Connections over the cap are closed at once (held ones are idle, well within --request-timeout).
    held = [socket.create_connection((server.host, server.port), timeout=5) for _ in range(cap)]
    time.sleep(0.3)
    refused_fast, extra = 0, 20
    for _ in range(extra):
        s = socket.create_connection((server.host, server.port), timeout=5)
        s.settimeout(2)
        t1 = time.time()
        try:
            closed = s.recv(1) == b""
        except ConnectionResetError:
            closed = True
        except socket.timeout:
            closed = False
        if closed and time.time() - t1 < 1.5:
            refused_fast += 1
        s.close()
    for s in held:
        s.close()
    time.sleep(0.3)

    heads = [("anonymous token request", token_head("linkedinlearning", 2000)),
             ("statements with a valid token", (f"POST /api/linkedinlearning/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                f"Authorization: Bearer {token}\r\nX-Experience-API-Version: 1.0.3\r\n"
                                                f"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n").encode())]
    threads = [threading.Thread(target=drip, args=h) for h in heads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    res.tries += len(drips) + extra
    for label, closed_after in drips:
        if closed_after is None or closed_after > timeout_s + 2.5:
            res.fail(f"dripped body ({label}) still open after {timeout_s + 8} s" if closed_after is None
                     else f"dripped body ({label}) dropped only after {closed_after:.1f} s (--request-timeout {timeout_s})")
    if refused_fast != extra:
        res.fail(f"only {refused_fast} of {extra} connections over --max-connections {cap} were closed at once")
    time.sleep(0.3)
    try:
        status, _, _ = request(server.host, server.port, "GET", "/health", timeout=5)
    except OSError:
        status = 0
    if status != 200:
        res.fail(f"/health answered {status} after the attacks")
    server.stop()
    res.note(f"{60 * rounds} x {len(body) >> 10} KiB unauthenticated bodies in {flood_seconds:.1f} s ({dict(statuses)}); "
             f"RSS {before:.0f} -> {after:.0f} MB (peak {hwm:.0f} MB); dripped bodies dropped after "
             + ", ".join(f"{c:.1f} s" if c else "never" for _, c in drips) + f" (--request-timeout {timeout_s}); "
             f"{refused_fast}/{extra} connections over --max-connections {cap} closed at once")
    return res


# MARK: - 12. Anonymous launch

def request_from(source, host, port, method, path, timeout=15):
    """One request from a given loopback address (Linux routes all of 127/8 to lo): the server limits per address."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path)
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def launch_link(suite, db, course, user, base, ttl=300):
    """`coursebridge launch --json`: the signed link the platform hands the learner (path and query only)."""
    run = suite.must(suite.cli(db, "launch", str(course), "--user", user, "--ttl", str(ttl), "--public-url", base, "--json",
                               tag="launch"), "launch")
    link = json.loads(run.out)["link"]
    if not link.startswith(base + "/launch/"):
        raise HarnessError(f"launch printed a link outside {base}: {link}")
    return link[len(base):]


def learner_state(conn):
    """Everything a launch could change: launches, attempts (with progress), statements."""
    return (conn.execute("SELECT COUNT(*) FROM launch").fetchone()[0],
            tuple(conn.execute("SELECT user_id, course_id, progress, completion_status FROM attempt ORDER BY id").fetchall()),
            conn.execute("SELECT COUNT(*) FROM statement").fetchone()[0])


def scenario_anonymous_launch(suite):
    """Launch links must be signed (review H1): unsigned, forged, tampered and expired launches for
    existing and unknown learners and courses change nothing and get one identical answer; a valid
    link records the launch at 1%; bursts per address and per learner get 429."""
    res = Result(12, "anonymous launch")
    directory = suite.dir("s12-launch")
    env = setup_statement_db(suite, directory, 3, 3)
    db = env["db"]
    conn = db_connect(db)
    with conn:      # an archived course whose title and URL must not leak through the launch endpoint
        conn.execute("INSERT INTO course(integration_id, provider, provider_id, title, status, launch_url, created_at, updated_at) "
                     "VALUES (1, 'linkedin', 'urn:li:lyndaCourse:9999', 'Archived secret title', 'archived', "
                     "'https://example.invalid/archived', 0, 0)")
    archived = conn.execute("SELECT id FROM course WHERE provider_id = 'urn:li:lyndaCourse:9999'").fetchone()[0]
    titles = [r[0] for r in conn.execute("SELECT title FROM course")] + [r[0] for r in conn.execute("SELECT launch_url FROM course")]
    server = Server(suite, db, "serve-s12", directory).start()
    base = server.url
    rnd = random.Random(suite.seed + 12)
    try:
        valid = launch_link(suite, db, 1, "learner0@chaos.example", base)
        short = launch_link(suite, db, 1, "learner0@chaos.example", base, ttl=1)
    except HarnessError as e:     # no signed links: the anonymous probes below still run
        res.fail(f"coursebridge launch printed no signed link: {e}")
        valid = short = f"/launch/1?user=learner0@chaos.example&expires={int(time.time()) + 300}&sig={'0' * 64}"
    expires = re.search(r"expires=(\d+)", valid).group(1)
    sig = re.search(r"sig=([0-9a-f]+)", valid).group(1)
    time.sleep(2.2)     # `short` has expired

    probes = []
    for course, user in [(1, "learner0@chaos.example"), (1, "nobody@chaos.example"), (999, "learner0@chaos.example"),
                         (999, "nobody@chaos.example"), (archived, "learner1@chaos.example")]:
        q = urllib.parse.quote(user, safe="@")
        forged = "%064x" % rnd.getrandbits(256)
        probes += [
            (f"unsigned {course}/{user}", f"/launch/{course}?user={q}"),
            (f"forged {course}/{user}", f"/launch/{course}?user={q}&expires={expires}&sig={forged}"),
            (f"tampered {course}/{user}", f"/launch/{course}?user={q}&expires={expires}&sig={sig}"),
            (f"expiry moved {course}/{user}", f"/launch/{course}?user={q}&expires={int(expires) + 86400}&sig={sig}"),
            (f"expired {course}/{user}", f"/launch/{course}?user={q}&expires=1&sig={sig}"),
        ]
    probes = [p for p in probes if p[0] != "tampered 1/learner0@chaos.example"]     # that one is the valid link
    probes.append(("expired real link", short))
    probes.append(("not a course id", f"/launch/abc?user=learner0@chaos.example&expires={expires}&sig={sig}"))

    before = learner_state(conn)
    answers = collections.Counter()
    for i, (label, path) in enumerate(probes):
        status, _, body = request_from(f"127.0.0.{10 + i % 200}", server.host, server.port, "GET", path)
        res.tries += 1
        answers[(status, body)] += 1
        if status != 403:
            res.fail(f"{label}: answered {status} {body[:120]!r}, expected 403")
        leaked = [t for t in titles if t and t.encode() in body]
        if leaked:
            res.fail(f"{label}: the answer reveals {leaked}")
    if len(answers) != 1:
        res.fail(f"invalid launches got {len(answers)} different answers: {[(s, b[:80]) for s, b in answers]}")
    after = learner_state(conn)
    if after != before:
        res.fail(f"invalid launches changed the database: {before} -> {after}")

    # The real link works: 302 to the provider, attempt at 1%.
    status, hdrs, _ = request_from("127.0.0.250", server.host, server.port, "GET", valid)
    res.tries += 1
    progress = conn.execute("SELECT progress FROM attempt WHERE user_id = (SELECT id FROM user WHERE email = "
                            "'learner0@chaos.example') AND course_id = 1").fetchall()
    if status != 302 or hdrs.get("Location") != "https://example.invalid/course/0" or [p[0] for p in progress] != [1.0]:
        res.fail(f"the signed link answered {status} {hdrs.get('Location')}, attempts {progress}")

    # Burst from one address: limited after the per-address allowance (30 a minute).
    burst = 45 if suite.quick else 90
    first_429, retry_after = None, None
    for n in range(1, burst + 1):
        status, hdrs, _ = request_from("127.0.0.251", server.host, server.port, "GET", f"/launch/1?user=x{n}@chaos.example")
        if status == 429 and first_429 is None:
            first_429, retry_after = n, hdrs.get("Retry-After")
    res.tries += 1
    if first_429 is None or first_429 > 31 or not retry_after:
        res.fail(f"{burst} launches from one address: first 429 at {first_429} (Retry-After {retry_after})")

    # One valid link replayed from many addresses: limited per learner too.
    try:
        replay = launch_link(suite, db, 2, "learner2@chaos.example", base)
    except HarnessError:
        replay = valid      # already reported above
    statuses = collections.Counter()
    for n in range(40):
        status, _, _ = request_from(f"127.0.1.{1 + n}", server.host, server.port, "GET", replay)
        statuses[status] += 1
    res.tries += 1
    launches = conn.execute("SELECT COUNT(*) FROM launch WHERE user_id = (SELECT id FROM user WHERE email = "
                            "'learner2@chaos.example')").fetchone()[0]
    if statuses[429] == 0 or launches > 30 or launches != statuses[302]:
        res.fail(f"one link from 40 addresses: {dict(statuses)}, {launches} launches recorded")
    conn.close()
    server.stop()
    common = answers.most_common(1)
    res.note(f"{len(probes)} unsigned/forged/tampered/expired launches (existing, unknown, archived): "
             f"{len(answers)} distinct answer(s) ({common[0][0][0] if common else '-'}), "
             f"database {'unchanged' if after == before else 'CHANGED'}; signed link 302 at 1%; burst of {burst} from one address: 429 from "
             f"request {first_429}; one link from 40 addresses: {statuses[302]} launched, {statuses[429]} got 429")
    return res


# MARK: - 13. Cross-integration statement

def scenario_cross_integration(suite):
    """A token writes only onto its own integration's courses (review H3): statements from the
    token of integration #2 naming #1's courses are quarantined with a reason and change nothing."""
    res = Result(13, "cross-integration statement")
    directory = suite.dir("s13-tenants")
    learners, courses = 4, 4
    env = setup_statement_db(suite, directory, learners, courses)
    db = env["db"]
    suite.must(suite.cli(db, "group", "add", "Other tenant"), "group add")
    suite.must(suite.cli(db, "group", "member", "add", "2", "admin@chaos.example", "--role", "editor"), "member add")
    suite.must(suite.cli(db, "integration", "add", "linkedin", "--group", "2", "--author", "admin@chaos.example"), "integration add")
    second = webhook(suite, db, 2)
    conn = db_connect(db)
    with conn:
        conn.execute("INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at) "
                     "VALUES (2, 'linkedin', 'urn:li:lyndaCourse:2000', 'Other tenant course', 3600, 'https://example.invalid/2000', 0, 0)")
        conn.execute("UPDATE integration SET configured_at = 0")
    server = Server(suite, db, "serve-s13", directory).start()
    first_token = get_token(suite, server, "linkedinlearning", *env["li"])
    second_token = get_token(suite, server, "linkedinlearning", *second)
    rnd = random.Random(suite.seed + 13)
    path = "/api/linkedinlearning/stats"

    # Integration #1 writes on its own course 0: the attempt that must stay as it is.
    status, _, data = request(server.host, server.port, "POST", path, json.dumps(completion(seeded_uuid(rnd), 0, 0)),
                              xapi_headers(first_token))
    if status != 200:
        raise HarnessError(f"integration #1's own statement answered {status}: {data[:200]!r}")
    before = learner_state(conn)[1]

    foreign_ids = []
    rounds = 10 if suite.quick else 40
    for n in range(rounds):
        foreign = [completion(seeded_uuid(rnd), rnd.randrange(learners), rnd.randrange(courses)) for _ in range(3)]
        own = completion(seeded_uuid(rnd), rnd.randrange(learners), 1000)      # #2's own course, in the same batch
        batch = foreign + [own]
        rnd.shuffle(batch)
        status, _, data = request(server.host, server.port, "POST", path, json.dumps(batch), xapi_headers(second_token))
        res.tries += len(foreign)
        if status != 200:
            res.fail(f"batch {n}: answered {status} {data[:160]!r}")
        foreign_ids += [s["id"] for s in foreign]
    suite.cli(db, "quarantine", "replay", tag="replay")       # replaying must not let them through either

    rows = {sid: (outcome, reason, course_id) for sid, outcome, reason, course_id in conn.execute(
        "SELECT statement_id, outcome, reason, course_id FROM statement WHERE integration_id = 2")}
    for sid in foreign_ids:
        outcome, reason, course_id = rows.get(sid, (None, None, None))
        if outcome != "quarantined" or course_id is not None:
            res.fail(f"statement {sid} of integration #2 on #1's course: {outcome}, course {course_id}")
        elif "another integration (#1)" not in (reason or "") or "integration #2" not in reason:
            res.fail(f"statement {sid} quarantined without saying why: {reason!r}")
    after = learner_state(conn)[1]
    first_courses = lambda attempts: [a for a in attempts if a[1] <= courses]
    if first_courses(after) != first_courses(before):
        res.fail(f"integration #1's attempts changed: {first_courses(before)} -> {first_courses(after)}")
    own_applied = conn.execute("SELECT COUNT(*) FROM statement WHERE integration_id = 2 AND outcome = 'applied'").fetchone()[0]
    if own_applied != rounds:
        res.fail(f"integration #2's statements on its own course: {own_applied} applied of {rounds}")
    sample = next((rows[s][1] for s in foreign_ids if s in rows), "") or ""
    conn.close()
    server.stop()
    res.note(f"{len(foreign_ids)} statements from #2's token on #1's courses: "
             f"{sum(1 for s in foreign_ids if rows.get(s, ('',))[0] == 'quarantined')} quarantined, 0 applied, #1's attempts "
             f"unchanged after replay; {own_applied}/{rounds} on #2's own course applied; reason: {sample[:90]!r}")
    return res


# MARK: - 14. Hostile next links

class _Recorder:
    """A loopback HTTP listener (python's http.server) that records every request and answers with
    `answer(handler)` -> (status, headers, body bytes); nothing else."""

    def __init__(self, host, answer):
        import http.server
        recorder = self
        self.requests = []          # (method, path, headers dict)
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with recorder.lock:
                    recorder.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
                status, headers, body = answer(self)
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _serve

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.host, self.port = host, self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self):
        return f"http://{self.host}:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def scenario_hostile_next(suite):
    """A fake LinkedIn Learning whose `next` links point at another loopback host or port (a listener
    that records every request and Authorization header), at file:///etc/hostname, protocol-relative
    at another host, or that redirects page 2 to another origin: the sync fails with an error naming
    the target, the other listeners receive nothing (the redirect target: nothing with credentials),
    and /etc/hostname's content appears in no output, database or log."""
    res = Result(14, "hostile next links")
    directory = suite.dir("s14-hostile-next")
    token = "chaos-li-token-" + uuid.uuid4().hex
    secret = "chaos-li-secret-" + uuid.uuid4().hex
    suite.add_secret(token, "access token of the hostile-next provider")
    suite.add_secret(secret, "client secret of the hostile-next integration")
    ok = lambda body: (200, [("Content-Type", "application/json")], json.dumps(body).encode())
    trap_host = _Recorder("127.0.0.2", lambda h: ok({"elements": [], "paging": {"total": 0, "links": []}}))
    trap_port = _Recorder("127.0.0.1", lambda h: ok({"elements": [], "paging": {"total": 0, "links": []}}))
    redirect_trap = _Recorder("127.0.0.2", lambda h: ok({"elements": [], "paging": {"total": 4, "links": []}}))
    # /etc/hostname may be too short to search for ("vm"): a file with a unique canary stands beside it.
    canary = "chaos-canary-" + uuid.uuid4().hex
    canary_path = os.path.join(directory, "canary.txt")
    with open(canary_path, "w") as f:
        f.write(canary + "\n")
    variants = {     # variant -> the `next` href of page 1, and what the error must name
        "host": (f"{trap_host.origin}/v2/learningAssets?start=2&count=2", trap_host.origin),
        "port": (f"{trap_port.origin}/v2/learningAssets?start=2&count=2", trap_port.origin),
        "file": ("file:///etc/hostname", "a file: URL"),
        "canary": ("file://" + canary_path, "a file: URL"),
        "relproto": (f"//{trap_host.host}:{trap_host.port}/v2/learningAssets?start=2", trap_host.origin),
        "redirect": ("?start=2&count=2&page=2", None),
    }

    def provider_answer(h):
        parts = urllib.parse.urlsplit(h.path)
        variant = parts.path.strip("/").split("/")[0]
        if parts.path.endswith("/token"):
            return ok({"access_token": token, "expires_in": 3600})
        if h.headers.get("Authorization") != f"Bearer {token}":
            return 401, [("Content-Type", "application/json")], b'{"message":"no token"}'
        if "page=2" in parts.query:
            return 302, [("Location", f"{redirect_trap.origin}/v2/learningAssets?start=2")], b""
        elements = [{"urn": f"urn:li:lyndaCourse:{variant}-{n}", "type": "COURSE", "title": {"value": f"C{n}"}} for n in (1, 2)]
        href = variants[variant][0]
        return ok({"elements": elements, "paging": {"start": 0, "count": 2, "total": 4,
                                                    "links": [{"rel": "next", "href": href, "type": "application/json"}]}})

    provider = _Recorder("127.0.0.1", provider_answer)
    try:
        hostname = read_text("/etc/hostname").strip()
        db = os.path.join(directory, "cb.sqlite")
        suite.must(suite.cli(db, "user", "add", "--email", "admin@chaos.example"), "user add")
        outputs = []
        for i, (variant, (href, named)) in enumerate(variants.items(), 1):
            base = f"{provider.origin}/{variant}"
            # One active LinkedIn integration per group: a group per variant.
            suite.must(suite.cli(db, "group", "add", f"Hostile {variant}"), "group add")
            suite.must(suite.cli(db, "group", "member", "add", str(i), "admin@chaos.example", "--role", "editor"), "member add")
            suite.must(suite.cli(db, "integration", "add", "linkedin", "--group", str(i), "--author", "admin@chaos.example",
                                 "--api-base", base, "--token-url", base + "/token"), "integration add")
            suite.must(suite.cli(db, "integration", "credentials", str(i), stdin_text=f"client_id=cid-{variant}\nclient_secret={secret}\n"),
                       "integration credentials")
            before = len(provider.requests)
            run, summary = sync_json(suite, db, i, timeout=60)
            res.tries += 1
            outputs += [run.out, run.err]
            text = run.err + run.out
            if run.crashed() or run.rc == "timeout":
                res.fail(f"{variant}: sync crashed or hung (rc {run.rc}): {run.err[-200:]!r}")
            elif run.rc == 0:
                res.fail(f"{variant}: the sync succeeded although page 1 links to {href!r}")
            if named and (named not in text or "outside the integration's API base" not in text):
                res.fail(f"{variant}: the error does not name {named} as outside the API base: {run.reason_lines()[-1:]!r}")
            if variant != "redirect" and len(provider.requests) - before != 2:
                res.fail(f"{variant}: the provider saw {len(provider.requests) - before} requests, expected the token and page 1")
        for trap, label in ((trap_host, "127.0.0.2 listener"), (trap_port, "other-port listener")):
            if trap.requests:
                auth = sum(1 for _, _, headers in trap.requests if "authorization" in headers)
                res.fail(f"the {label} received {len(trap.requests)} request(s), {auth} with an Authorization header")
        leaked = [r for r in redirect_trap.requests if "authorization" in r[2] or token in json.dumps(r)]
        if leaked:
            res.fail(f"the redirect target received the bearer token {len(leaked)} time(s)")
        # The files' content: in no output, database, WAL or log of this scenario (the canary file itself aside).
        runs = suite.cli(db, "runs", "--json", tag="s14-runs")
        outputs += [runs.out, runs.err]
        blobs = [o.encode() for o in outputs]
        for root, _, files in os.walk(directory):
            for name in files:
                if os.path.join(root, name) != canary_path:
                    with open(os.path.join(root, name), "rb") as f:
                        blobs.append(f.read())
        places = len(blobs)
        if any(canary.encode() in b for b in blobs):
            res.fail("the canary file's content (linked as file://) appears in an output or file")
        if len(hostname) >= 6 and any(hostname.encode() in b for b in blobs):
            res.fail(f"/etc/hostname's content ({hostname!r}) appears in an output or file")
        res.note(f"{len(variants)} hostile links: {sum(len(t.requests) for t in (trap_host, trap_port))} requests reached the "
                 f"other listeners; redirect target: {len(redirect_trap.requests)} request(s), {len(leaked)} with credentials; "
                 + f"file content (canary{', /etc/hostname' if len(hostname) >= 6 else ''}) searched in {places} outputs/files")
    finally:
        for server in (provider, trap_host, trap_port, redirect_trap):
            server.stop()
    return res


# MARK: - PostgreSQL cluster (16-18): several instances on one PostgreSQL behind nginx

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_SH = os.path.join(REPO, "scripts", "pg.sh")


def pg_bin_dir():
    dirs = sorted((d for d in os.listdir("/usr/lib/postgresql") if os.path.isdir(f"/usr/lib/postgresql/{d}/bin")),
                  key=lambda v: [int(x) if x.isdigit() else 0 for x in v.split(".")]) if os.path.isdir("/usr/lib/postgresql") else []
    return f"/usr/lib/postgresql/{dirs[-1]}/bin" if dirs and os.access(f"/usr/lib/postgresql/{dirs[-1]}/bin/pg_ctl", os.X_OK) else None


def cluster_tools(suite):
    """PostgreSQL and nginx, installed with apt-get if missing (as scripts/cluster.sh does, keeping Debian from
    starting their own services); returns why not when they cannot be had, else None. Asked once per run."""
    if hasattr(suite, "cluster_unavailable"):
        return suite.cluster_unavailable
    missing = [p for p, present in (("postgresql", pg_bin_dir()), ("nginx", shutil.which("nginx"))) if not present]
    reason = None
    if missing and os.geteuid() != 0:
        reason = f"{' and '.join(missing)} not installed and installing needs root (apt-get install -y {' '.join(missing)})"
    elif missing:
        suite.log(f"  installing {' '.join(missing)} with apt-get")
        policy, added = "/usr/sbin/policy-rc.d", False
        if not os.path.exists(policy):
            with open(policy, "w") as f:
                f.write("#!/bin/sh\nexit 101\n")
            os.chmod(policy, 0o755)
            added = True
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            for argv in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
                r = subprocess.run(argv, env=env, capture_output=True, timeout=900)
                if r.returncode != 0:
                    reason = f"{' '.join(argv)} failed: {r.stderr.decode(errors='replace')[-200:]}"
                    break
        except (OSError, subprocess.TimeoutExpired) as e:
            reason = f"apt-get failed: {e}"
        finally:
            if added:
                os.remove(policy)
        if not reason and (not pg_bin_dir() or not shutil.which("nginx")):
            reason = "postgresql or nginx still missing after apt-get install"
    suite.cluster_unavailable = reason
    return reason


def skipped(res, reason):
    res.skipped = True
    res.note(f"skipped: {reason}")
    return res


class PgServer:
    """A PostgreSQL server started by scripts/pg.sh: the shared one (`scripts/pg.sh url` answers, left running) or one
    of the suite's own in a folder under /tmp (the postgres user must reach it), stopped and deleted at the end."""

    def __init__(self, suite, own=False):
        self.suite, self.own = suite, own
        self.dir = None
        self.env = dict(os.environ)
        if not own:
            r = subprocess.run([PG_SH, "url"], capture_output=True, timeout=30)
            if r.returncode == 0:
                self.url = r.stdout.decode().strip()
                return
        self.dir = tempfile.mkdtemp(prefix="cb-chaos-pg.", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.env["COURSEBRIDGE_PG_DIR"] = self.dir
        self.url = self.start()

    def start(self):
        r = subprocess.run([PG_SH, "start"], capture_output=True, timeout=120, env=self.env)
        if r.returncode != 0:
            raise HarnessError(f"scripts/pg.sh start failed: {r.stderr.decode(errors='replace')[-300:]}")
        return r.stdout.decode().strip().splitlines()[-1]

    def as_owner(self, argv):
        return (["runuser", "-u", "postgres", "--"] + argv) if os.geteuid() == 0 else argv

    def restart(self):
        """Starts the suite's own stopped server again on its port (scripts/pg.sh would move to another port
        while the old one's connections linger in TIME_WAIT; the instances' URL names this one)."""
        data, port = os.path.join(self.dir, "data"), self.url.rsplit(":", 1)[1].split("/")[0]
        argv = self.as_owner([os.path.join(pg_bin_dir(), "pg_ctl"), "-D", data, "-l", os.path.join(self.dir, "server.log"),
                              "-w", "-t", "60", "-o", f"-p {port} -c listen_addresses=127.0.0.1 -k {data}", "start"])
        r = subprocess.run(argv, capture_output=True, timeout=90, cwd="/")
        if r.returncode != 0:
            raise HarnessError(f"pg_ctl start failed: {r.stderr.decode(errors='replace')[-300:]} {read_text(os.path.join(self.dir, 'server.log'))[-300:]}")

    def stop(self, mode="fast"):
        """Stops the suite's own server: `fast` rolls back open transactions and closes connections; `immediate`
        is a crash (recovery from the WAL at the next start)."""
        argv = self.as_owner([os.path.join(pg_bin_dir(), "pg_ctl"), "-D", os.path.join(self.dir, "data"), "-m", mode, "-w", "stop"])
        r = subprocess.run(argv, capture_output=True, timeout=60, cwd="/")
        if r.returncode != 0:
            raise HarnessError(f"pg_ctl stop -m {mode} failed: {r.stderr.decode(errors='replace')[-300:]}")

    def destroy(self):
        if self.dir:
            subprocess.run([PG_SH, "destroy"], capture_output=True, timeout=120, env=self.env)
            shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, url, sql):
        """Rows of one query (tab-separated columns), as the coursebridge role."""
        r = subprocess.run([os.path.join(pg_bin_dir(), "psql"), "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                           capture_output=True, timeout=120)
        if r.returncode != 0:
            raise HarnessError(f"psql failed ({sql[:80]}): {r.stderr.decode(errors='replace')[-300:]}")
        return [line.split("\t") for line in r.stdout.decode().splitlines() if line]

    def create_database(self, name):
        self.psql(self.url, f"DROP DATABASE IF EXISTS {name}")
        self.psql(self.url, f"CREATE DATABASE {name}")
        return self.url.rsplit("/", 1)[0] + "/" + name

    def drop_database(self, name):
        try:
            self.psql(self.url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except HarnessError:
            pass


class Instance(Server):
    """`coursebridge serve` on PostgreSQL at a fixed port (nginx's upstream), restartable on that port."""

    def __init__(self, suite, db, tag, log_dir, port, scheduler=False, extra=()):
        super().__init__(suite, db, tag, log_dir, extra)
        self.port, self.scheduler = port, scheduler
        self.host = "127.0.0.1"

    def start(self, timeout=60):
        argv = [self.suite.bin, "--db", self.db, "serve", "--port", str(self.port), "--trusted-proxy", "127.0.0.1",
                "--log", self.log_path] + ([] if self.scheduler else ["--no-scheduler"]) + self.extra
        for attempt in range(20):      # the port of a killed instance may be held a moment
            self.p = self.suite.start(argv, self.tag)
            found = wait_until(lambda: "coursebridge serving on" in read_text(self.p.err_path) or self.p.poll() is not None, timeout)
            if found and self.p.poll() is None:
                return self
            self.suite.reap(self.p, signal.SIGKILL)
            time.sleep(0.5)
        raise HarnessError(f"serve on port {self.port} did not start: {read_text(self.p.err_path)[-300:]}")


class Nginx:
    """nginx in front of the instances, as scripts/cluster.sh configures it (retries a statement on the other
    instance when one dies: statements are idempotent by id). Runs in the foreground, reaped like the rest."""

    def __init__(self, suite, ports):
        self.suite = suite
        self.dir = tempfile.mkdtemp(prefix="cb-chaos-nginx.", dir="/tmp")    # workers run as nobody: reachable
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        servers = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n" for p in ports)
        d = self.dir
        self.conf = os.path.join(d, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(f"""daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    client_max_body_size 16m;
    upstream coursebridge {{
{servers}        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://coursebridge;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_connect_timeout 2s;
            proxy_read_timeout 20s;
        }}
    }}
}}
""")
        self.p = suite.start(["nginx", "-c", self.conf, "-e", os.path.join(d, "error.log")], "nginx")
        if not wait_until(lambda: self.reachable() or self.p.poll() is not None, 20) or self.p.poll() is not None:
            why = f"{read_text(self.p.err_path)[-300:]} {read_text(os.path.join(d, 'error.log'))[-300:]}"
            self.stop()
            raise HarnessError(f"nginx did not start: {why}")

    def reachable(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGTERM)     # its own session: the master and its workers
            try:
                self.p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait(timeout=10)
        if self.p in self.suite.live:
            self.suite.live.remove(self.p)
        if self.suite.keep:
            self.suite.log(f"  kept nginx's folder {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


class SharedKey:
    """COURSEBRIDGE_KEY_FILE for every process of a scenario (each instance must seal with the same key), put back after."""

    def __init__(self, path):
        self.saved = os.environ.get("COURSEBRIDGE_KEY_FILE")
        os.environ["COURSEBRIDGE_KEY_FILE"] = path

    def restore(self):
        if self.saved is None:
            os.environ.pop("COURSEBRIDGE_KEY_FILE", None)
        else:
            os.environ["COURSEBRIDGE_KEY_FILE"] = self.saved


def setup_pg_statement_db(suite, pg, db, directory, learners, courses):
    """As setup_statement_db, on PostgreSQL through the CLI; the courses are inserted with psql."""
    env = setup_statement_platform(suite, db, directory, learners)
    pg.psql(db, f"""INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
                   SELECT 1, 'linkedin', 'urn:li:lyndaCourse:' || (1000 + n), 'Chaos course ' || n, 3600,
                          'https://example.invalid/course/' || n, 0, 0 FROM generate_series(0, {courses - 1}) AS n""")
    return env


class ClusterFixture:
    """A statements database on a fresh PostgreSQL database (learners, courses, LinkedIn webhook client), two
    instances on it sharing one key file, nginx in front."""

    def __init__(self, suite, res, pg, name, directory, learners, courses, instance_extra=()):
        self.suite, self.pg, self.name = suite, pg, name
        self.db = pg.create_database(name)
        self.key = SharedKey(os.path.join(directory, "coursebridge.key"))
        self.instances, self.nginx = [], None
        try:
            self.env = setup_pg_statement_db(suite, pg, self.db, directory, learners, courses)
            for k in range(2):
                self.instances.append(Instance(suite, self.db, f"{name}-serve-{k}", directory, free_port(), extra=instance_extra))
                self.instances[-1].start()
            self.nginx = Nginx(suite, [i.port for i in self.instances])
            token_server = type("Front", (), {"host": "127.0.0.1", "port": self.nginx.port})
            self.token = get_token(suite, token_server, "linkedinlearning", *self.env["li"])
            self.headers = xapi_headers(self.token)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.nginx:
            self.nginx.stop()
        for i in self.instances:
            if i.p and i.p.poll() is None and i.p in self.suite.live:
                i.stop()
        self.key.restore()
        if not self.suite.keep:
            self.pg.drop_database(self.name)

    def stored(self):
        """statement id -> (rows with that id, outcome) for integration 1, and the attempts' consistency."""
        rows = self.pg.psql(self.db, "SELECT statement_id, COUNT(*), MIN(outcome) FROM statement WHERE integration_id = 1 GROUP BY statement_id")
        counts = {r[0]: (int(r[1]), r[2]) for r in rows}
        # One query, one snapshot: statements keep arriving while this runs.
        applied, attempts, twice = (int(v) for v in self.pg.psql(self.db, """
            SELECT (SELECT COUNT(*) FROM statement WHERE integration_id = 1 AND outcome = 'applied'),
                   (SELECT COUNT(*) FROM attempt),
                   (SELECT COUNT(*) FROM (SELECT 1 FROM attempt GROUP BY user_id, course_id HAVING COUNT(*) > 1) t)""")[0])
        return counts, applied, attempts, twice


class StatementLoad:
    """Clients posting completions with new ids (one learner/course pair each) through nginx, as a provider
    would: a batch without a 2xx answer (transport error, timeout, 5xx) is sent again, same ids, after a pause."""

    def __init__(self, suite, fixture, pairs, clients=4, seed=0):
        self.suite, self.fixture, self.pairs = suite, fixture, pairs
        self.acked, self.statuses, self.unexpected = {}, collections.Counter(), []
        self.ack_times = []              # time of every 2xx answer
        self.errors = 0                  # transport errors and timeouts seen by clients
        self.resent = 0                  # batches acked only after at least one resend
        self.sent_ids = set()
        self.next, self.stop_flag = 0, False
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.client, args=(seed * 1000 + k,), daemon=True) for k in range(clients)]
        for t in self.threads:
            t.start()

    def client(self, seed):
        rnd = random.Random(seed)
        port = self.fixture.nginx.port
        conn, batch, tries = None, None, 0
        while not self.stop_flag:
            if batch is None:
                time.sleep(rnd.uniform(0, 0.01))
                with self.lock:
                    n = rnd.randint(1, 5)
                    chosen = self.pairs[self.next:self.next + n]
                    self.next += len(chosen)
                if not chosen:
                    return
                batch, tries = [completion(seeded_uuid(rnd), u, c) for u, c in chosen], 0
                with self.lock:
                    self.sent_ids.update(s["id"] for s in batch)
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            tries += 1
            try:
                conn.request("POST", "/api/linkedinlearning/stats", json.dumps(batch), self.fixture.headers)
                r = conn.getresponse()
                r.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = None
                with self.lock:
                    self.errors += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.statuses[r.status] += 1
                if 200 <= r.status < 300:
                    now = time.time()
                    for s in batch:
                        self.acked[s["id"]] = s
                    self.ack_times.append(now)
                    self.resent += tries > 1
                    batch = None
                elif r.status < 500:
                    self.unexpected.append(r.status)
                    batch = None
            if batch is not None:
                if r.will_close:
                    conn.close()
                    conn = None
                time.sleep(0.2)

    def acked_count(self):
        with self.lock:
            return len(self.acked)

    def wait_for_progress(self, timeout=30):
        base = self.acked_count()
        return wait_until(lambda: self.acked_count() > base, timeout)

    def acks_between(self, t0, t1):
        with self.lock:
            return sum(1 for t in self.ack_times if t0 <= t < t1)

    def first_ack_after(self, t0):
        with self.lock:
            return next((t for t in self.ack_times if t >= t0), None)

    def finish(self):
        self.stop_flag = True
        for t in self.threads:
            t.join(timeout=30)

    def check_stored(self, res, label):
        """Every id answered 2xx is stored exactly once, applied, and counted once; returns the figures."""
        with self.lock:
            acked = dict(self.acked)         # before the query: an id acked after it is checked next time
        counts, applied, attempts, twice = self.fixture.stored()
        lost = [s for s in acked if s not in counts]
        doubled = [s for s, (n, _) in counts.items() if n != 1]
        not_applied = [s for s in acked if s in counts and counts[s][1] != "applied"]
        strangers = [s for s in counts if s not in self.sent_ids]
        if lost:
            res.fail(f"{label}: {len(lost)} statements answered 2xx are not stored, e.g. {lost[:3]}")
        if doubled:
            res.fail(f"{label}: {len(doubled)} statement ids stored more than once, e.g. {doubled[:3]}")
        if not_applied:
            res.fail(f"{label}: {len(not_applied)} acknowledged statements not applied, e.g. {not_applied[:3]}")
        if strangers:
            res.fail(f"{label}: {len(strangers)} stored statements no client sent")
        if twice or attempts != applied:
            res.fail(f"{label}: counting: {twice} learner/course pairs counted twice, {attempts} attempts for {applied} applied statements")
        if self.unexpected:
            res.fail(f"{label}: {len(self.unexpected)} valid batches answered 4xx: {collections.Counter(self.unexpected)}")
        return len(acked), len(counts)


def statement_pairs(suite, learners, courses, seed):
    pairs = [(u, c) for u in range(learners) for c in range(courses)]
    random.Random(seed).shuffle(pairs)
    return pairs


# MARK: - 16. SIGKILL of one of two instances behind nginx

def scenario_instance_kill(suite):
    """Two `serve` instances on one PostgreSQL behind nginx; clients post statements with new ids through nginx
    (resending on errors, timeouts and 5xx) while one instance, then the other, is SIGKILLed and restarted on its
    port. Invariants: every id answered 2xx is stored exactly once (counted by statement id in PostgreSQL),
    applied and counted once; nothing stored that no client sent; statements keep being answered 2xx while one
    instance is down."""
    res = Result(16, "SIGKILL of 1 of 2 instances (PostgreSQL, nginx)")
    reason = cluster_tools(suite)
    if reason:
        return skipped(res, reason)
    learners, courses = (100, 100) if suite.quick else (250, 250)
    kills = 3 if suite.quick else 10
    directory = suite.dir("s16-instance-kill")
    pg = PgServer(suite)        # the shared one when `scripts/pg.sh url` answers, else its own (destroyed at the end)
    try:
        fx = ClusterFixture(suite, res, pg, f"cb_chaos16_{os.getpid()}", directory, learners, courses)
    except BaseException:
        pg.destroy()
        raise
    rng = random.Random(suite.seed + 16)
    load = None
    try:
        load = StatementLoad(suite, fx, statement_pairs(suite, learners, courses, suite.seed + 16), seed=suite.seed + 16)
        down_seconds, down_acks, gaps = 0.0, 0, []
        for i in range(kills):
            if not load.wait_for_progress(30):
                res.fail(f"kill {i + 1}: no statement answered 2xx for 30 s before the kill")
            time.sleep(rng.uniform(0.2, 1.5))
            victim = fx.instances[i % 2]
            t_kill = time.time()
            victim.kill9()
            res.tries += 1
            time.sleep(3.0)                         # load goes on through the survivor alone
            t_restart = time.time()
            down_acks += load.acks_between(t_kill, t_restart)
            down_seconds += t_restart - t_kill
            first = load.first_ack_after(t_kill)
            gaps.append((first - t_kill) if first else None)
            if not load.acks_between(t_kill, t_restart):
                res.fail(f"kill {i + 1}: no statement answered 2xx in the 3 s the other instance served alone")
            victim.start()
            time.sleep(2.5)     # past nginx's fail_timeout (2 s): both upstreams in rotation before the next kill
            acked, _ = load.check_stored(res, f"kill {i + 1}")
            if not fx.instances[(i + 1) % 2].alive():
                res.fail(f"kill {i + 1}: the surviving instance died (rc {fx.instances[(i + 1) % 2].p.returncode}): "
                         f"{read_text(fx.instances[(i + 1) % 2].p.err_path)[-300:]}")
        load.wait_for_progress(20)
        time.sleep(1.0)
        load.finish()
        acked, stored = load.check_stored(res, "final")
        for inst in fx.instances:
            rc = inst.stop()
            if rc != 0:
                res.fail(f"{inst.tag} did not stop cleanly on SIGTERM (rc {rc})")
        five = dict(sorted((k, v) for k, v in load.statuses.items() if k >= 500)) or "no 5xx"
        worst = max((g for g in gaps if g is not None), default=None)
        res.note(("0 lost; " if not res.failures else "") + f"{acked} ids acked 2xx over {kills} kills, each stored once in PostgreSQL and counted once; "
                 f"{stored - acked} stored but never answered (in flight at the end); {load.resent} batches acked after a resend; "
                 f"clients (through nginx) saw {five} and {load.errors} transport errors; {down_acks} acks in the {down_seconds:.0f} s "
                 f"one instance was down" + (f" (first 2xx ≤ {worst:.2f} s after a kill)" if worst is not None else ""))
    finally:
        if load:
            load.finish()
        fx.close()
        pg.destroy()
    return res


# MARK: - 17. SIGKILL of the instance holding a sync lease

LIVE_LEASE = "expires_at > extract(epoch FROM clock_timestamp())::double precision"

def scenario_lease_holder_kill(suite):
    """Two instances with schedulers on one PostgreSQL and a short sync lease; the simulator's catalog moved on
    5 days (retirements to archive) and the daily sync is due. The instance whose scheduler took the lease is
    SIGKILLed mid-sync. Invariants: the other instance's scheduler takes the run over once the lease expired
    (within lease + one scheduler tick), the dead run is marked interrupted, nothing was archived until the
    takeover run completed its listing, and that run archives exactly what a dry run predicted."""
    res = Result(17, "SIGKILL of the sync lease holder")
    reason = cluster_tools(suite)
    if reason:
        return skipped(res, reason)
    items = 20000 if suite.quick else 40000
    lease = 6
    tick = 30                       # Scheduler.start(interval:) in serve
    directory = suite.dir("s17-lease-kill")
    pg = PgServer(suite)
    name = f"cb_chaos17_{os.getpid()}"
    sim = Simulator(suite, items).start()
    db = pg.create_database(name)
    key = SharedKey(os.path.join(directory, "coursebridge.key"))
    q = lambda sql: pg.psql(db, sql)
    scalar = lambda sql: q(sql)[0][0]
    instances = []
    try:
        setup_sync_db(suite, directory, sim, ["linkedin"], db=db)
        run, day0 = sync_json(suite, db, 1)
        if not run.ok or not day0 or day0["phase"] != "succeeded":
            raise HarnessError(f"day 0 sync on PostgreSQL failed (rc {run.rc}): {run.out[-200:]} {run.err[-300:]}")
        suite.log(f"  s17: day 0 sync on PostgreSQL {run.seconds:.1f}s")
        sim.advance(5)
        run, dry = sync_json(suite, db, 1, "--dry-run")
        if not run.ok or not dry:
            raise HarnessError(f"day 5 dry run failed: {run.out[-200:]} {run.err[-300:]}")
        to_archive, to_create = dry["counts"]["archived"], dry["counts"]["created"]
        active_before = {r[0] for r in q("SELECT id FROM course WHERE integration_id = 1 AND status = 'active'")}
        suite.log(f"  s17: day 5 dry run {run.seconds:.1f}s: +{to_create} archive {to_archive}; {len(active_before)} active")
        # Due now: the last run and the set-up moved two days back, so a scheduled instant passed since.
        q("UPDATE sync_run SET started_at = started_at - 172800, ended_at = ended_at - 172800 WHERE integration_id = 1")
        q("UPDATE integration SET configured_at = configured_at - 172800 WHERE id = 1")
        last_run = int(scalar("SELECT COALESCE(MAX(id), 0) FROM sync_run"))

        extra = ["--sync-lease-seconds", str(lease)]
        first = Instance(suite, db, "s17-serve-0", directory, free_port(), scheduler=True, extra=extra).start()
        instances.append(first)
        held = wait_until(lambda: q(f"SELECT holder FROM sync_lease WHERE integration_id = 1 AND {LIVE_LEASE}")
                          and q(f"SELECT id FROM sync_run WHERE integration_id = 1 AND id > {last_run}"), 30)
        if not held:
            raise HarnessError(f"the first instance's scheduler did not start the due sync: {read_text(first.log_path)[-300:]}")
        dead_run = int(scalar(f"SELECT MAX(id) FROM sync_run WHERE integration_id = 1 AND id > {last_run}"))
        holder = q(f"SELECT holder FROM sync_lease WHERE integration_id = 1 AND {LIVE_LEASE}")
        if not holder or not holder[0][0].endswith(f":{first.p.pid}"):
            res.fail(f"the lease is held by {holder}, not the instance that started the run (pid {first.p.pid})")
        second = Instance(suite, db, "s17-serve-1", directory, free_port(), scheduler=True, extra=extra).start()
        instances.append(second)
        # Kill mid-listing: after a third to a half of the dry run's time (the real run takes longer than a dry one).
        time.sleep(max(1.5, random.Random(suite.seed + 17).uniform(0.33, 0.5) * run.seconds))
        outcome = scalar(f"SELECT outcome FROM sync_run WHERE id = {dead_run}")
        live = q(f"SELECT holder FROM sync_lease WHERE integration_id = 1 AND {LIVE_LEASE}")
        if outcome == "interrupted" and live and first.alive():
            res.fail(f"the lease holder's run {dead_run} was marked interrupted while it ran under a live lease "
                     f"({live[0][0]}): the other instance's start-up or scheduler does not spare runs with a live lease")
        elif outcome != "running":
            raise HarnessError(f"the run ended ({outcome}) before the kill: make the catalog larger")
        if int(scalar(f"SELECT COUNT(*) FROM sync_run WHERE integration_id = 1 AND id > {dead_run}")):
            res.fail("the second instance started a second run while the first held the lease")
        progress = q(f"SELECT items_seen, pages FROM sync_run WHERE id = {dead_run}")[0]
        first.kill9()
        t_kill = time.time()
        res.tries += 1

        def archived_now():
            return int(scalar("SELECT COUNT(*) FROM course WHERE integration_id = 1 AND status = 'archived'"))

        # Until the takeover starts: the dead run stays 'running' while its lease lives, nothing is archived.
        early_interrupt = None
        takeover = None
        deadline = t_kill + lease + tick + 15
        while time.time() < deadline:
            if archived_now():
                res.fail(f"{archived_now()} courses archived after the holder died, before any run completed")
                break
            state = scalar(f"SELECT outcome FROM sync_run WHERE id = {dead_run}")
            if outcome == "running" and state != "running" and early_interrupt is None:
                early_interrupt = time.time() - t_kill
            rows = q(f"SELECT id FROM sync_run WHERE integration_id = 1 AND id > {dead_run} ORDER BY id")
            if rows:
                takeover = (int(rows[0][0]), time.time() - t_kill)
                break
            time.sleep(0.25)
        if early_interrupt is not None and early_interrupt < lease - 1:
            res.fail(f"the dead run was marked interrupted {early_interrupt:.1f} s after the kill, before its {lease} s lease expired")
        if not takeover:
            res.fail(f"no instance took the run over within {lease + tick + 15} s of the kill (lease {lease} s, scheduler tick {tick} s)")
            return res
        new_run, delay = takeover
        if len(rows) > 1:
            res.fail(f"{len(rows)} runs started after the kill (one takeover expected)")
        holder = q(f"SELECT holder FROM sync_lease WHERE integration_id = 1 AND {LIVE_LEASE}")
        dead_state = q(f"SELECT outcome, COALESCE(reason, '') FROM sync_run WHERE id = {dead_run}")[0]
        if dead_state[0] != "interrupted":
            res.fail(f"the dead instance's run {dead_run} is '{dead_state[0]}' after the takeover, not 'interrupted'")
        if holder and not holder[0][0].endswith(f":{second.p.pid}"):
            res.fail(f"the takeover run's lease is held by {holder[0][0]}, not the surviving instance (pid {second.p.pid})")
        done = wait_until(lambda: scalar(f"SELECT outcome FROM sync_run WHERE id = {new_run}") != "running", 600, step=0.5)
        final = q(f"SELECT outcome, trigger, created, archived, COALESCE(reason, '') FROM sync_run WHERE id = {new_run}")[0]
        active_after = {r[0] for r in q("SELECT id FROM course WHERE integration_id = 1 AND status = 'active'")}
        archived_after = {r[0] for r in q("SELECT id FROM course WHERE integration_id = 1 AND status = 'archived'")}
        dups = int(scalar("SELECT COUNT(*) FROM (SELECT 1 FROM course GROUP BY provider, provider_id HAVING COUNT(*) > 1) t"))
        left_running = int(scalar("SELECT COUNT(*) FROM sync_run WHERE outcome = 'running'"))
        if not done or final[0] != "succeeded":
            res.fail(f"the takeover run {new_run} ended '{final[0]}' ({final[4][:200]})")
        else:
            if len(archived_after) != to_archive:
                res.fail(f"{len(archived_after)} courses archived after the takeover run, the dry run predicted {to_archive}")
            if archived_after - active_before:
                res.fail(f"{len(archived_after - active_before)} archived courses were not active before")
            lost_active = active_before - active_after - archived_after
            if lost_active:
                res.fail(f"{len(lost_active)} courses active before are neither active nor archived after")
            if len(active_after) != len(active_before) + to_create - to_archive:
                res.fail(f"{len(active_after)} active after, expected {len(active_before)} + {to_create} - {to_archive}")
        if dups or left_running:
            res.fail(f"final state: {dups} duplicate courses, {left_running} runs still 'running'")
        for inst in instances:
            if not inst.alive() and inst is not first:
                res.fail(f"{inst.tag} died: {read_text(inst.p.err_path)[-300:]}")
        res.tries += 1
        res.note(("0 archived by the dead holder; " if not res.failures else "") + f"{items} items, killed at {progress[0]} items/{progress[1]} pages; "
                 f"takeover run {delay:.1f} s after the kill (lease {lease} s, tick {tick} s), dead run {dead_state[0]}; "
                 f"takeover {final[0]} ({final[1]}): +{final[2]}, archived {final[3]} as predicted {to_archive}")
    finally:
        for inst in instances:
            if inst.p.poll() is None:
                inst.stop()
        sim.stop()
        key.restore()
        if not suite.keep:
            pg.drop_database(name)
        pg.destroy()
    return res


# MARK: - 18. PostgreSQL restarted under load

def first_direct_ack(load, instance, timeout):
    """Whether `instance` itself answers a statement 2xx within `timeout` s (one new statement, resent until
    answered, booked with the load's so the stored check covers it)."""
    with load.lock:
        pair = load.pairs[load.next]
        load.next += 1
        s = completion(str(uuid.uuid4()), *pair)
        load.sent_ids.add(s["id"])
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            status, _, _ = request(instance.host, instance.port, "POST", "/api/linkedinlearning/stats",
                                   json.dumps([s]).encode(), load.fixture.headers, timeout=10)
            if 200 <= status < 300:
                with load.lock:
                    load.acked[s["id"]] = s
                return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    return False


def seconds_or_never(times, expected):
    """'≤ 1.2 s' when every recovery was seen, else how many were seen."""
    return f"≤ {max(times):.1f} s" if len(times) == expected else f"in {len(times)} of {expected} cases"


def scenario_pg_restart(suite):
    """Two instances behind nginx on the suite's own PostgreSQL server, which is stopped under statement load
    (alternately `fast`: connections closed, open transactions rolled back; and `immediate`: a crash, WAL
    recovery) and started again after 3 s. Invariants: no 2xx for a statement that is not stored (every acked
    id stored exactly once, applied, counted once); both instances stay up and answer 2xx again, directly
    and through nginx, within 30 s of PostgreSQL being back; SIGTERM stops an instance within 10 s, PostgreSQL up or
    down (a statement refused just before)."""
    res = Result(18, "PostgreSQL restarted under load")
    reason = cluster_tools(suite)
    if reason:
        return skipped(res, reason)
    learners, courses = (100, 100) if suite.quick else (200, 200)
    restarts = 2 if suite.quick else 6
    bound = 30.0
    directory = suite.dir("s18-pg-restart")
    pg = PgServer(suite, own=True)
    fx = load = None
    try:
        fx = ClusterFixture(suite, res, pg, "cb_chaos18", directory, learners, courses)
        load = StatementLoad(suite, fx, statement_pairs(suite, learners, courses, suite.seed + 18), seed=suite.seed + 18)
        rng = random.Random(suite.seed + 18)
        recoveries, direct = [], []
        down_2xx = 0
        for i in range(restarts):
            if not load.wait_for_progress(30):
                res.fail(f"restart {i + 1}: no statement answered 2xx for 30 s before the restart")
            time.sleep(rng.uniform(0.2, 1.5))
            mode = ("fast", "immediate")[i % 2]
            t_stop = time.time()
            pg.stop(mode)
            res.tries += 1
            time.sleep(3.0)
            t_up_begin = time.time()
            pg.restart()
            t_up = time.time()
            down_2xx += load.acks_between(t_stop + 1.0, t_up_begin)      # acks in flight at the stop excluded
            for inst in fx.instances:
                if not inst.alive():
                    res.fail(f"restart {i + 1} ({mode}): {inst.tag} exited (rc {inst.p.returncode}): {read_text(inst.p.err_path)[-300:]}")
                    inst.start()
                    continue
                if not first_direct_ack(load, inst, bound):
                    res.fail(f"restart {i + 1} ({mode}): {inst.tag} answered no statement 2xx within {bound:.0f} s of PostgreSQL being back")
                else:
                    direct.append(time.time() - t_up)
            first = wait_until(lambda: load.first_ack_after(t_up), bound)
            if not first:
                res.fail(f"restart {i + 1} ({mode}): no statement through nginx answered 2xx within {bound:.0f} s of PostgreSQL being back")
            else:
                recoveries.append(first - t_up)
            load.check_stored(res, f"restart {i + 1} ({mode})")
        load.wait_for_progress(20)
        time.sleep(1.0)
        load.finish()
        acked, stored = load.check_stored(res, "final")
        # The first instance is stopped with PostgreSQL up, the second with it down, a statement just refused.
        stop_down = None
        for k, inst in enumerate(fx.instances):
            if k == 1:
                pg.stop("immediate")
                try:
                    status, _, _ = request(inst.host, inst.port, "POST", "/api/linkedinlearning/stats",
                                           json.dumps([completion(str(uuid.uuid4()), 0, 0)]).encode(), fx.headers, timeout=40)
                    if 200 <= status < 300:
                        res.fail(f"a statement was answered {status} while PostgreSQL was down")
                except (OSError, http.client.HTTPException) as e:
                    res.fail(f"a statement sent while PostgreSQL was down got no answer: {e}")
            t0 = time.time()
            rc = inst.stop()
            took = time.time() - t0
            state = "up" if k == 0 else "down"
            if k == 1:
                stop_down = took
            if rc != 0:
                res.fail(f"{inst.tag} did not stop cleanly on SIGTERM with PostgreSQL {state} (rc {rc}, {took:.1f} s)")
            elif took > 10:
                res.fail(f"{inst.tag} took {took:.1f} s to stop on SIGTERM with PostgreSQL {state}")
        five = collections.Counter({k: v for k, v in load.statuses.items() if k >= 500})
        res.note(("0 lost; " if not res.failures else "") + f"{acked} ids acked 2xx over {restarts} restarts (fast/immediate), each stored once; "
                 f"{down_2xx} acks while PostgreSQL was down; 2xx again after it was back through nginx {seconds_or_never(recoveries, restarts)}, "
                 f"directly from each instance {seconds_or_never(direct, 2 * restarts)}; clients saw "
                 f"{dict(five) or 'no 5xx'} and {load.errors} transport errors, {load.resent} batches acked after a resend"
                 + (f"; SIGTERM with PostgreSQL down stopped serve in {stop_down:.1f} s" if stop_down is not None else ""))
    finally:
        if load:
            load.finish()
        if fx:
            fx.close()
        pg.destroy()
    return res


# MARK: - Main

SCENARIOS = [(1, scenario_sync_kill), (2, scenario_serve_kill), (3, scenario_provider_faults), (4, scenario_disk_full),
             (5, scenario_fuzz), (6, scenario_auth), (8, scenario_injection), (9, scenario_token_flood), (10, scenario_lockout),
             (11, scenario_unauthenticated_bodies), (12, scenario_anonymous_launch), (13, scenario_cross_integration),
             (14, scenario_hostile_next), (15, scenario_key_faults),
             (16, scenario_instance_kill), (17, scenario_lease_holder_kill), (18, scenario_pg_restart),
             (7, scenario_secrets)]   # 7 scans what all others left


def print_table(results, elapsed, mode):
    rows = [("scenario", "tries", "failures", "lost/notes")]
    for r in sorted(results, key=lambda r: r.number):
        failures = "skipped" if r.skipped else str(r.failures)
        rows.append((f"{r.number} {r.name}", str(r.tries), failures, f"[{r.seconds:.0f} s] " + "; ".join(r.summary)))
    w0 = max(len(r[0]) for r in rows)
    print()
    for i, (a, b, c, d) in enumerate(rows):
        print(f"{a:<{w0}} | {b:>6} | {c:>8} | {d}")
        if i == 0:
            print(f"{'-' * w0}-+-{'-' * 6}-+-{'-' * 8}-+-{'-' * 40}")
    print(f"\n{mode} run, {elapsed:.0f} s total")
    details = [(r, d) for r in sorted(results, key=lambda r: r.number) for d in r.details]
    if details:
        print("\nInvariant violations:")
        shown = collections.Counter()
        for r, d in details:
            shown[r.number] += 1
            if shown[r.number] <= 12:
                print(f"  [{r.number}] {d}")
        for number, n in shown.items():
            if n > 12:
                print(f"  [{number}] … and {n - 12} more")


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    release, debug = (os.path.relpath(os.path.join(repo, ".build", c, "coursebridge")) for c in ("release", "debug"))
    default_bin = release if os.path.exists(release) else debug
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=default_bin, help=f"coursebridge binary (default: {default_bin})")
    parser.add_argument("--quick", action="store_true", help="CI mode: fewer repetitions, smaller catalogs (~2 min)")
    parser.add_argument("--seed", type=int, default=8, help="random seed (kill moments, fault mixes, fuzz bodies)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory for inspection")
    parser.add_argument("--only", help="comma-separated scenario numbers (default: all)")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        print(f"Error: no executable coursebridge at {args.bin}; build it or pass --bin PATH", file=sys.stderr)
        return 2
    only = {int(x) for x in args.only.split(",")} if args.only else None
    suite = Suite(args)

    def on_signal(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)
    results, harness_errors = [], []
    mode = "quick" if args.quick else "full"
    suite.log(f"{mode} chaos run, seed {args.seed}, binary {suite.bin}, work dir {suite.root}")
    try:
        for number, fn in SCENARIOS:
            if only and number not in only:
                continue
            suite.log(f"scenario {number}: {fn.__doc__.strip().splitlines()[0]}")
            t0 = time.time()
            try:
                r = fn(suite)
            except HarnessError as e:
                r = Result(number, fn.__name__.replace("scenario_", "").replace("_", " "))
                r.fail(f"harness error: {e}")
                harness_errors.append(e)
            except Exception as e:      # a crash of the harness is reported, the rest still runs
                r = Result(number, fn.__name__.replace("scenario_", "").replace("_", " "))
                r.fail(f"harness exception: {type(e).__name__}: {e}")
                harness_errors.append(e)
            r.seconds = time.time() - t0
            results.append(r)
            suite.log(f"scenario {number}: {r.tries} tries, {r.failures} failures, {r.seconds:.0f} s")
            for p in list(suite.live):          # nothing outlives its scenario
                suite.reap(p, signal.SIGKILL)
    except KeyboardInterrupt:
        suite.log("interrupted: cleaning up")
        return 130
    finally:
        if suite.keep:
            suite.log(f"kept {suite.root}")
        suite.cleanup()
    print_table(results, time.time() - suite.started, mode)
    if any(r.failures for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
