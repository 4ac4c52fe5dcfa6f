import Foundation
import NIOCore
import Testing
@testable import CourseBridgePostgres

@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresPoolTests {
    @Test func sendsValuesAndReadsThemBack() throws {
        try TestDatabase.withFreshSchema { pool in
            let rows = try pool.query("SELECT $1::bigint + 1 AS n, $2::text AS s, $3::double precision AS d, $4::text AS missing, $5::bytea AS b",
                                      [Int64(41), "café", 2.5, nil, Data([0, 1, 255])])
            let row = try #require(rows.first)
            #expect(try row.decode(column: "n", as: Int64.self) == 42)
            #expect(try row.decode(column: "s", as: String.self) == "café")
            #expect(try row.decode(column: "d", as: Double.self) == 2.5)
            #expect(try row.decode(column: "missing", as: String?.self) == nil)
            #expect(try row.decode(column: "b", as: Data.self) == Data([0, 1, 255]))
            // A missing column is an error, not a crash (postgres-nio's own subscript stops the process).
            #expect(throws: PostgresAccessError.self) { try row.decode(column: "nope", as: Int64.self) }
        }
    }

    @Test func executeCountsTheRowsItChanged() throws {
        try TestDatabase.withFreshSchema { pool in
            try pool.execute("CREATE TABLE t (id bigint PRIMARY KEY, name text)")
            #expect(try pool.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)") == 3)
            #expect(try pool.execute("UPDATE t SET name = 'x' WHERE id >= $1", [Int64(2)]) == 2)
            #expect(try pool.execute("INSERT INTO t VALUES ($1, $2)", [Int64(4), nil]) == 1)
            #expect(try pool.query("SELECT count(*) FROM t WHERE name IS NULL").first?.decode(index: 0, as: Int64.self) == 1)
        }
    }

    /// Dispatch threads share the pool: never more than `size` connections, every call answered.
    @Test func manyThreadsShareAFewConnections() throws {
        try TestDatabase.withFreshSchema(size: 2) { pool in
            let answers = LockedCounter()
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                do {
                    let rows = try pool.query("SELECT $1::bigint AS i, pg_sleep(0.05)", [Int64(i)])
                    if try rows.first?.decode(column: "i", as: Int64.self) == Int64(i) { answers.add() }
                } catch {
                    Issue.record("query \(i) failed: \(error)")
                }
            }
            #expect(answers.value == 8)
            #expect(pool.connectionCounts.open <= 2)
        }
    }

    @Test func aLoginTheServerRefusesIsAnAuthenticationError() throws {
        var url = try TestDatabase.parsedURL()
        url.user = "no_such_role_\(UInt32.random(in: 0...UInt32.max))"
        do {
            _ = try PostgresPool(PostgresPool.Configuration(url: url))
            Issue.record("logged in as a role that does not exist")
        } catch {
            guard case .authentication = error else { Issue.record("expected authentication, got \(error)"); return }
            #expect("\(error)".contains("refused the login"))
        }
    }

    @Test func aClosedPoolRefusesCalls() throws {
        let pool = try PostgresPool(PostgresPool.Configuration(url: TestDatabase.parsedURL(), size: 1))
        pool.close()
        #expect(throws: PostgresAccessError.poolClosed) { try pool.query("SELECT 1") }
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// Needs no server.
struct PostgresUnreachableTests {
    /// A server that is not there is named in the error, with what to do.
    @Test func saysWhichServerItCannotReach() throws {
        let port = try closedPort()
        do {
            _ = try PostgresPool(url: "postgres://cb@127.0.0.1:\(port)/cb")
            Issue.record("connected to a closed port")
        } catch {
            guard case .unreachable = error else { Issue.record("expected unreachable, got \(error)"); return }
            #expect("\(error)".hasPrefix("cannot reach PostgreSQL at 127.0.0.1:\(port): "))
        }
    }

    private func closedPort() throws -> Int {
        // Bind a port, then free it: nothing listens there afterwards.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else {
                    throw PostgresAccessError.other("cannot bind a port")
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}


@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresReconnectTests {
    /// A server restart drops every connection; the pool notices and opens new ones instead of failing each
    /// caller once per dead connection.
    @Test func connectionsTheServerDroppedAreReplaced() throws {
        let url = try TestDatabase.parsedURL()
        let name = "cb-reconnect-\(UInt32.random(in: 0...UInt32.max))"
        let pool = try PostgresPool(PostgresPool.Configuration(url: url, size: 2, applicationName: name))
        defer { pool.close() }
        let admin = try PostgresPool(PostgresPool.Configuration(url: url, size: 1))
        defer { admin.close() }
        _ = try pool.query("SELECT 1")
        let killed = try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name])
        #expect(killed.count == 1)
        // The client learns of the close when the server's goodbye arrives (well within this pause); the next
        // caller then gets a new connection instead of the dead one's error.
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try pool.query("SELECT 2 AS n").first?.decode(column: "n", as: Int32.self) == 2)
    }
}
