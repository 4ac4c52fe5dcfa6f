import Testing
@testable import CourseBridgePostgres

@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct SyncLeaseTests {
    private func withIntegration(_ body: (PostgresPool) throws -> Void) throws {
        try TestDatabase.withSchema { pool in
            try pool.execute(#"INSERT INTO "group" (name, created_at) VALUES ('Org', 0)"#)
            try pool.execute(#"INSERT INTO "user" (email, created_at) VALUES ('a@example.com', 0)"#)
            try pool.execute("""
                INSERT INTO integration (id, provider, group_id, author_user_id, api_base, schedule_time, schedule_tz,
                                         configured_at, created_at)
                VALUES (1, 'edx', 1, 1, 'https://api', '02:00', 'UTC', 0, 0)
                """)
            try body(pool)
        }
    }

    @Test func oneHolderAtATimeUntilItExpires() throws {
        try withIntegration { pool in
            #expect(try SyncLease.acquire(pool, integrationId: 1, holder: "instance-a", seconds: 60))
            #expect(try !SyncLease.acquire(pool, integrationId: 1, holder: "instance-b", seconds: 60))
            #expect(try SyncLease.holder(pool, integrationId: 1) == "instance-a")
            #expect(try SyncLease.renew(pool, integrationId: 1, holder: "instance-a", seconds: 60))

            // Instance a dies: its lease runs out (here: made to have run out), b takes the run over.
            try pool.execute("UPDATE sync_lease SET expires_at = acquired_at")
            #expect(try SyncLease.holder(pool, integrationId: 1) == nil)
            #expect(try SyncLease.acquire(pool, integrationId: 1, holder: "instance-b", seconds: 60))
            // a, back, learns at its next renewal that it lost the lease, and must stop writing.
            #expect(try !SyncLease.renew(pool, integrationId: 1, holder: "instance-a", seconds: 60))
            try SyncLease.release(pool, integrationId: 1, holder: "instance-a")  // not its own: nothing
            #expect(try SyncLease.holder(pool, integrationId: 1) == "instance-b")
            try SyncLease.release(pool, integrationId: 1, holder: "instance-b")
            #expect(try SyncLease.holder(pool, integrationId: 1) == nil)
        }
    }

    @Test func twoInstancesAskingAtOnceGiveOneHolder() throws {
        try withIntegration { pool in
            let winners = LockedCounter()
            DispatchQueue.concurrentPerform(iterations: 4) { i in
                if (try? SyncLease.acquire(pool, integrationId: 1, holder: "instance-\(i)", seconds: 60)) == true { winners.add() }
            }
            #expect(winners.value == 1)
        }
    }
}

import Foundation
