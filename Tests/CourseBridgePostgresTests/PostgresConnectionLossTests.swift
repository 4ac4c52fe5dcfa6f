import Foundation
import Testing
@testable import CourseBridgePostgres

/// A backend that dies under a pool (server restarted, `pg_terminate_backend`, a statement past its deadline) fails
/// the call that was using it with `connectionLost`, quickly, and the next call gets a new connection. Each call
/// runs on its own thread and is given a bound: a hang fails the test instead of stopping the suite.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresConnectionLossTests {
    @Test func aBackendKilledMidTransactionFailsTheNextStatementAndTheCallAfterSucceeds() throws {
        try TestDatabase.withFreshSchema(size: 1) { pool in
            let admin = try PostgresPool(PostgresPool.Configuration(url: try TestDatabase.parsedURL(), size: 1))
            defer { admin.close() }
            let outcome = within(seconds: 10) { () -> PostgresAccessError? in
                do {
                    try pool.transaction { tx in
                        let pid = try #require(try tx.query("SELECT pg_backend_pid()").first?.decode(index: 0, as: Int32.self))
                        try admin.execute("SELECT pg_terminate_backend($1)", [pid])
                        Thread.sleep(forTimeInterval: 0.5)     // the close reaches the client
                        try tx.execute("SELECT 1")
                    }
                    return nil
                } catch let error as PostgresAccessError {
                    return error
                } catch {
                    return .other("\(error)")
                }
            }
            guard case .some(.some(let error)) = outcome else {
                Issue.record(outcome == nil ? "the statement on the killed connection hung for 10 s"
                                            : "the statement on the killed connection succeeded")
                return
            }
            guard case .connectionLost = error else { Issue.record("expected connectionLost, got \(error)"); return }
            #expect("\(error)".contains("connection to PostgreSQL was lost"))
            let next = within(seconds: 10) { try? pool.query("SELECT 41 + 1").first?.decode(index: 0, as: Int32.self) }
            #expect(next == .some(42))
        }
    }

    @Test func aQueryWhoseBackendIsKilledWhileItRunsFailsWithConnectionLost() throws {
        try TestDatabase.withFreshSchema(size: 1) { pool in
            let admin = try PostgresPool(PostgresPool.Configuration(url: try TestDatabase.parsedURL(), size: 1))
            defer { admin.close() }
            let pid = try #require(try pool.query("SELECT pg_backend_pid()").first?.decode(index: 0, as: Int32.self))
            let killer = Thread {
                Thread.sleep(forTimeInterval: 0.5)
                _ = try? admin.execute("SELECT pg_terminate_backend($1)", [pid])
            }
            killer.start()
            let outcome = within(seconds: 10) { () -> String in
                do { try pool.execute("SELECT pg_sleep(5)"); return "succeeded" } catch { return "\(error)" }
            }
            #expect(outcome?.contains("connection to PostgreSQL was lost") == true, "got \(outcome ?? "a hang")")
            let next = within(seconds: 10) { try? pool.query("SELECT 42").first?.decode(index: 0, as: Int32.self) }
            #expect(next == .some(42))
        }
    }

    @Test func aStatementPastItsDeadlineClosesTheConnectionAndTheNextCallReconnects() throws {
        var configuration = PostgresPool.Configuration(url: try TestDatabase.parsedURL(), size: 1)
        configuration.queryTimeout = 1
        let pool = try PostgresPool(configuration)
        defer { pool.close() }
        let started = Date()
        let outcome = within(seconds: 10) { () -> String in
            do { try pool.execute("SELECT pg_sleep(4)"); return "succeeded" } catch { return "\(error)" }
        }
        let waited = Date().timeIntervalSince(started)
        #expect(outcome?.contains("no answer from PostgreSQL") == true, "got \(outcome ?? "a hang")")
        #expect(outcome?.contains("within 1 s") == true)
        #expect(waited < 3.5, "the deadline of 1 s ended the call after \(waited) s")
        let next = within(seconds: 10) { try? pool.query("SELECT 42").first?.decode(index: 0, as: Int32.self) }
        #expect(next == .some(42))
    }
}

/// Runs `body` on a thread of its own; nil when it has not returned within `seconds` (the thread is left behind).
private func within<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Thread {
        box.value = body()
        done.signal()
    }.start()
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return box.value
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
