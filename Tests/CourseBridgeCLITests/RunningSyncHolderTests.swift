import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing

/// Issue 16: `runs` and `integration show` say which instance ("host:pid", the sync lease's holder) runs a sync
/// that is under way, so an operator of several instances knows whose log to read.
@Suite(.serialized) struct RunningSyncHolderTests {
    @Test func runsAndIntegrationShowNameTheInstanceRunningASync() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "author@acme.example"])
        try cli.run(["group", "member", "add", "1", "author@acme.example", "--role", "editor"])
        #expect(try cli.run(["integration", "add", "linkedin", "--group", "1", "--author", "author@acme.example"]).status == 0)
        // Another instance's scheduler took the lease and started the run.
        let store = try Store.open(path: cli.db)
        let run = try store.createRun(integrationId: 1, trigger: .schedule)
        #expect(try store.acquireSyncLease(integrationId: 1, holder: "host-b:4242", seconds: 300))

        let runs = try cli.run(["runs"])
        #expect(runs.status == 0, "\(runs.stderr)")
        let lines = runs.stdout.split(separator: "\n").map(String.init)
        let row = try #require(lines.firstIndex { $0.hasPrefix("\(run) ") }, "\(runs.stdout)")
        #expect(lines.indices.contains(row + 1) && lines[row + 1] == "    running on host-b:4242", "\(runs.stdout)")
        let show = try cli.run(["integration", "show", "1"])
        #expect(show.stdout.contains("  sync:            running on host-b:4242"), "\(show.stdout)")

        // Once the run is over and the lease given up, nobody is named.
        try store.finishRun(runId: run, progress: SyncProgress(runId: run, integrationId: 1, phase: .succeeded, startedAt: Date()), outcome: .succeeded, reason: nil)
        try store.releaseSyncLease(integrationId: 1, holder: "host-b:4242")
        #expect(!(try cli.run(["runs"]).stdout.contains("running on")))
        #expect(!(try cli.run(["integration", "show", "1"]).stdout.contains("running on")))
    }
}
