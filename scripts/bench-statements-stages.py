#!/usr/bin/env python3
"""Where a statements run's server time goes, by stage: reads `perf script -F comm,ip,sym` (call graphs,
demangled) on stdin and prints each stage's share of all samples. A sample counts for the first stage whose
function is on its stack; commit-thread samples whose stack SQLite or the kernel cut short (libsqlite3 has no
frame pointers) are the commit's own SQLite work: writes, index upkeep, the WAL and its checkpoints."""
import collections
import sys

STAGES = [  # (stage, a function on the stack)
    ("commit: learner and course matching", "StatementMatching.target"),
    ("commit: reading the learner's attempts", "StatisticsTransaction.attempts"),
    ("commit: duplicate and voiding lookups", "StatisticsTransaction.statement("),
    ("commit: duplicate and voiding lookups", "StatisticsTransaction.voidingStatement"),
    ("commit: inserting the statement", "insertStatement"),
    ("commit: saving attempts (summary trigger included)", "saveAttempts"),
    ("commit: attempt rules", "LinkedInStatementFacts"),
    ("commit: attempt rules", "AttemptRules"),
    ("request: parsing the body (JSON, xAPI checks)", "XAPIStatementParser.parse"),
    ("request: content hash and stored text", "contentHash"),
    ("request: content hash and stored text", "storedBody"),
]
COMMIT_THREAD = "-qos.overcommit"  # the commit queue's thread, as /proc names it (truncated)


def samples(lines):
    current = None
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                yield current
            current = None
        elif not line.startswith((" ", "\t")):
            current = [line.strip()]
        elif current is not None:
            parts = line.strip().split(" ", 1)
            current.append(parts[1] if len(parts) > 1 else parts[0])
    if current:
        yield current


counts = collections.Counter()
total = 0
for sample in samples(sys.stdin):
    total += 1
    frames = sample[1:]
    stage = next((name for name, key in STAGES if any(key in f for f in frames)), None)
    if stage is None:
        stage = ("commit: SQLite and kernel work (writes, WAL, fsync), stack cut short" if sample[0].startswith(COMMIT_THREAD)
                 else "other: HTTP (NIO, Hummingbird), dispatch, kernel")
    counts[stage] += 1
for stage, n in counts.most_common():
    print(f"  {100 * n / max(total, 1):5.1f}%  {stage}")
