import ArgumentParser
import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore
import Foundation
import ProviderSimulator

extension BenchCommand {
    /// Issue 7's two console figures, without a terminal: the render time of the learner-statistics screen over
    /// 100,000 attempts, and keypress-to-redraw latency (update, effects, store reads, render) while a
    /// 100,000-item sync runs in the same process. ncurses' own output is not included.
    struct Console: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console", abstract: "Learner-statistics render time and keypress latency during a large sync.")
        @Option(help: "Attempts to generate (learners × courses).") var attempts: Int = 100_000
        @Option(help: "Catalog size of the sync running during the latency measurement.") var items: Int = 100_000
        @Option(help: "Frames rendered / keys pressed per measurement.") var frames: Int = 300

        func validate() throws {
            guard attempts >= 1_000, items >= 1, frames >= 10 else { throw ValidationError("--attempts ≥ 1000, --items ≥ 1, --frames ≥ 10") }
        }

        func run() throws {
            let dir = NSTemporaryDirectory() + "cb-bench-console-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = try reportingErrors { try Store.open(path: dir + "/bench.sqlite") }
            let sim = try blocking {
                try await SimulatorServer.start(options: SimulatorOptions(items: items, seed: 7, credentials: .generated(seed: 7)))
            }
            defer { try? blocking { await sim.stop() } }
            let engine = SyncEngine(store: store)
            let seeded = try BenchConsoleData.seed(store: store, engine: engine, sim: sim, attempts: attempts)
            print("\(seeded.attempts) attempts (\(seeded.learners) learners × \(seeded.courses) courses); sync catalog \(items) items")

            let services = StoreConsoleServices(store: store, engine: engine, readOnly: false,
                                                actor: ActingUser(email: BenchConsoleData.admin, isPlatformAdmin: true))
            let driver = ConsoleDriver(services: services, width: 120, height: 40)
            driver.press(.char("l"))
            let statsScreen = driver.model

            // Render only: the same model drawn again and again onto the cell grid.
            let dashboardModel = ConsoleDriver(services: services, width: 120, height: 40).model
            let baseline = Timing.measure(frames) { var b = ScreenBuffer(width: 120, height: 40); render(dashboardModel, into: &b) }
            let stats = Timing.measure(frames) { var b = ScreenBuffer(width: 120, height: 40); render(statsScreen, into: &b) }
            print("render, learner statistics (\(seeded.attempts) attempts): p50 \(Timing.ms(stats.p50)) ms, p99 \(Timing.ms(stats.p99)) ms"
                  + " · dashboard baseline p50 \(Timing.ms(baseline.p50)) ms · ratio \(Timing.ratio(stats.p50, baseline.p50))")

            let page = Timing.measure(20) { _ = try? services.statistics(StatsQuery(limit: 100)) }
            print("page query, learner statistics sorted by last activity: p50 \(Timing.ms(page.p50)) ms, p99 \(Timing.ms(page.p99)) ms")

            let idle = driver.keyLatency(frames)
            try BenchConsoleData.startLargeSync(store: store, engine: engine, sim: sim)
            let busy = driver.keyLatency(frames)
            let final = engine.wait(integrationId: BenchConsoleData.largeIntegration)
            for (label, idleS, busyS) in [("key → redraw", idle.redraw, busy.redraw), ("key → rows read and drawn", idle.settled, busy.settled)] {
                print("\(label), idle: p50 \(Timing.ms(idleS.p50)) ms, p99 \(Timing.ms(idleS.p99)) ms · during a \(items)-item sync: "
                      + "p50 \(Timing.ms(busyS.p50)) ms, p99 \(Timing.ms(busyS.p99)) ms · ratio \(Timing.ratio(busyS.p50, idleS.p50))")
            }
            print("sync during the measurement: \(final.map { "\($0.phase.label), \($0.itemsSeen) items" } ?? "?")")
        }
    }
}

/// The console's loop without a terminal: key → update → effects (store reads) → update → render.
final class ConsoleDriver {
    private let runtime: ConsoleRuntime
    private(set) var model: ConsoleModel
    private var buffer: ScreenBuffer

    init(services: any ConsoleServices, width: Int, height: Int) {
        runtime = ConsoleRuntime(services: services)
        model = ConsoleModel()
        buffer = ScreenBuffer(width: width, height: height)
        deliver(.resize(width: width, height: height))
        runtime.perform(.loadDashboard)
        settle()
    }

    func press(_ key: Key) {
        deliver(.key(key))
        settle()
        render(model, into: &buffer)
    }

    /// Milliseconds from a key to its frame as the console's loop does it (update, start effects, draw), and to
    /// the frame with the effects' results (a page read when the cursor leaves the loaded rows), for j/k over
    /// the list. PgDn jumps a page, so every fifth key needs a store read.
    func keyLatency(_ count: Int) -> (redraw: Timing.Summary, settled: Timing.Summary) {
        var redraw: [Double] = []
        var settled: [Double] = []
        for i in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            deliver(.key(i % 5 == 4 ? .pageDown : .down))
            render(model, into: &buffer)
            redraw.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            settle()
            render(model, into: &buffer)
            settled.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            usleep(5_000)
        }
        return (Timing.Summary(redraw), Timing.Summary(settled))
    }

    private func deliver(_ msg: ConsoleMsg) {
        for effect in update(&model, msg) { runtime.perform(effect) }
    }

    private func settle() {
        for _ in 0..<10 {
            runtime.settle()
            let msgs = runtime.drain()
            if msgs.isEmpty { return }
            for msg in msgs { deliver(msg) }
        }
    }
}

enum Timing {
    struct Summary {
        let p50: Double
        let p99: Double
        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            p50 = sorted[sorted.count / 2]
            p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        }
    }

    /// Milliseconds per call of `body`, `count` times.
    static func measure(_ count: Int, _ body: () -> Void) -> Summary {
        Summary((0..<count).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        })
    }

    static func ms(_ value: Double) -> String { String(format: "%.2f", value) }
    static func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%.2f", a / b) : "n/a" }
}

/// Benchmark data: courses from a small simulated sync, learners, and attempts spread over them.
enum BenchConsoleData {
    static let admin = "admin@bench.example"
    static let largeIntegration: Int64 = 2

    static func seed(store: any DataStore, engine: SyncEngine, sim: SimulatorServer,
                     attempts: Int) throws -> (attempts: Int, learners: Int, courses: Int) {
        try reportingErrors {
            let group = try store.addGroup(name: "Bench", parentId: nil, isPrivate: false)
            _ = try store.addUser(User(email: admin, username: "admin"))
            try store.setMember(groupId: group.id ?? 1, email: admin, role: .platformAdmin)
            let small = try store.addIntegration(provider: .edx, groupId: group.id ?? 1, authorEmail: admin,
                                                 apiBase: sim.apiBase(for: .edx), tokenURL: sim.tokenURL(for: .edx))
            try store.setCredentials(integrationId: small.id ?? 1, values: sim.credentialValues(for: .edx))
        }
        do { try engine.start(integrationId: 1) } catch { throw CLIError(error.description) }
        _ = engine.wait(integrationId: 1)
        let courses = try reportingErrors { try store.courses(CourseQuery(integrationId: 1, limit: 100)) }.compactMap(\.id)
        guard !courses.isEmpty else { throw CLIError("the benchmark's catalog sync created no course") }
        let learners = (attempts + courses.count - 1) / courses.count
        let users = (0..<learners).map { n in (line: n + 1, user: User(email: "learner\(n)@bench.example", username: "learner\(n)")) }
        let problems = try reportingErrors { try store.addUsers(users) }
        guard problems.isEmpty else { throw CLIError("the benchmark's learners were refused: \(problems)") }
        let ids = try reportingErrors { try store.users() }.filter { $0.email.hasPrefix("learner") }.compactMap(\.id)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var made = 0
        for chunk in stride(from: 0, to: ids.count, by: 100) {
            var batch: [Attempt] = []
            for (u, userId) in ids[chunk..<min(ids.count, chunk + 100)].enumerated() {
                for (c, courseId) in courses.enumerated() where made + batch.count < attempts {
                    let k = (chunk + u) * 31 + c * 7
                    let done = k % 3 == 0
                    batch.append(Attempt(userId: userId, courseId: courseId, startedAt: start + Double(k * 60),
                                         progressPercent: done ? 100 : Double(k % 100), scorePercent: done ? Double(50 + k % 50) : nil,
                                         timeSpentSeconds: k % 7_200, completionStatus: done ? .completed : .inProgress,
                                         completedAt: done ? start + Double(k * 60 + 3_600) : nil, result: done ? .success : nil,
                                         lastActivityAt: start + Double(k * 60 + 1_800)))
                }
            }
            let toSave = batch
            try reportingErrors { try store.statisticsTransaction { tx in try tx.saveAttempts(toSave) } }
            made += batch.count
        }
        return (made, ids.count, courses.count)
    }

    static func startLargeSync(store: any DataStore, engine: SyncEngine, sim: SimulatorServer) throws {
        try reportingErrors {
            let large = try store.addIntegration(provider: .skillsoft, groupId: 1, authorEmail: admin,
                                                 apiBase: sim.apiBase(for: .skillsoft), tokenURL: sim.tokenURL(for: .skillsoft))
            try store.setCredentials(integrationId: large.id ?? largeIntegration, values: sim.credentialValues(for: .skillsoft))
        }
        do { try engine.start(integrationId: largeIntegration) } catch { throw CLIError(error.description) }
    }
}
