import CourseBridgeCore

/// Statement ingestion's row writes of one commit group (new statements, attempt updates and inserts), held until
/// the group next waits for PostgreSQL or commits, then sent as one multi-row statement per kind (`MultiRowWrites`):
/// PostgreSQL's cost per executed statement (executor start-up, constraint checks read back, trigger set-up) is
/// paid once per group instead of once per row.
///
/// Positions count every write ever added, so a savepoint's mark stays valid after earlier writes were sent: a
/// request that fails before its writes were sent only has them discarded (nothing to roll back).
struct GroupWriteBuffer {
    enum Write {
        case statement(StatementRow)
        case attemptUpdate(Attempt)
        case attemptInsert(Attempt)
    }

    struct StatementRow {
        var integrationId: Int64
        var statementId: String
        var receivedAt: Double
        var body: String
        var contentHash: String
        var outcome: String
        var voids: String?
        var reason: String?
        var userId: Int64?
        var courseId: Int64?
    }

    private var writes: [Write] = []
    /// Writes already taken (sent) from the front.
    private var taken = 0

    /// The position the next write will have.
    var end: Int { taken + writes.count }
    var isEmpty: Bool { writes.isEmpty }

    mutating func add(_ write: Write) { writes.append(write) }

    /// The writes before `position`, in the order added, removed from the buffer.
    mutating func take(upTo position: Int) -> [Write] {
        let count = min(max(0, position - taken), writes.count)
        guard count > 0 else { return [] }
        let front = Array(writes.prefix(count))
        writes.removeFirst(count)
        taken += count
        return front
    }

    /// Forgets the writes from `position` on, unsent: their request failed.
    mutating func discard(from position: Int) {
        let keep = max(0, position - taken)
        if keep < writes.count { writes.removeLast(writes.count - keep) }
    }
}
