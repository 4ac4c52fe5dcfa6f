import CourseBridgeCore
import Foundation

/// One learner's progress on one course, as of the catalog's day. Every provider's activity
/// feed (Coursera enrollment reports, edX learner progress, Skillsoft report rows) renders these.
public struct SimulatedEnrollment: Sendable, Equatable {
    public let row: Int
    public let learner: Int
    /// `learner{N}@example.com`.
    public let email: String
    public let item: SimulatedItem
    /// 0–100.
    public let progressPercent: Int
    public var isCompleted: Bool { progressPercent >= 100 }
    /// 0–100 for scored courses once completed (Coursera grade × 100, Skillsoft lastScore).
    public let scorePercent: Int?
    public let firstAccessAt: Date
    public let lastActivityAt: Date
    public let completedAt: Date?
    /// Time spent per resource (Coursera).
    public let resources: [ResourceTime]
    public var timeSpentSeconds: Int { resources.reduce(0) { $0 + $1.timeSpentSeconds } }
    public let accesses: Int
}

extension SimulatedCatalog {
    /// Learners `learner0@example.com` … `learner{N-1}@example.com`.
    public var learnerCount: Int { max(5, items / 20) }

    /// Activity rows per provider: two courses per learner.
    public var enrollmentCount: Int { items == 0 ? 0 : learnerCount * 2 }

    public static func learnerEmail(_ learner: Int) -> String { "learner\(learner)@example.com" }

    /// Row `row` of a provider's activity feed on this day; progress grows day by day.
    public func enrollment(_ row: Int, for provider: Provider) -> SimulatedEnrollment {
        precondition(row >= 0 && row < enrollmentCount, "row \(row) outside the activity feed")
        var h = SeededHash(seed: seed, salt: "enrollment-\(provider.rawValue)", row)
        let learner = row % learnerCount
        let itemIndex = courseIndex(near: h.int(max(1, items)), provider: provider)
        let item = self.item(at: itemIndex, for: provider)
        let startDay = -h.int(in: 1...30)
        let base = h.int(in: 0...30)
        let rate = h.pick([0, 2, 5, 10, 20, 40])
        let progress = min(100, base + (day - startDay) * rate)
        let completionDay = rate == 0 ? nil : startDay + Int((Double(100 - base) / Double(rate)).rounded(.up))
        let completedAt = progress >= 100 ? completionDay.map { date(ofDay: $0) + 36_000 } : nil
        let lastDay = completionDay.map { min(day, $0) } ?? day
        let resourceCount = h.int(in: 2...4)
        let resources = (0..<resourceCount).map { r in
            ResourceTime(id: "res-\(itemIndex)-\(r)", name: "Module \(r + 1)",
                         timeSpentSeconds: (progress * item.durationSeconds / 100) / resourceCount + h.int(120))
        }
        let scored = item.rawType == "ASSESSMENT" || item.rawType == "BENCHMARK" || provider == .coursera || h.unit() < 0.3
        return SimulatedEnrollment(
            row: row, learner: learner, email: Self.learnerEmail(learner), item: item,
            progressPercent: progress, scorePercent: progress >= 100 && scored ? h.int(in: 55...100) : nil,
            firstAccessAt: date(ofDay: startDay) + Double(h.int(in: 28_800...64_800)),
            lastActivityAt: date(ofDay: rate == 0 ? startDay : lastDay) + 50_400 + Double(row % 3_600),
            completedAt: completedAt, resources: resources, accesses: 1 + max(0, lastDay - startDay) / 2)
    }

    /// The first synchronized course at or after `start` that exists from day 0 and is not retired then.
    private func courseIndex(near start: Int, provider: Provider) -> Int {
        let base = SimulatedCatalog(seed: seed, items: items, day: 0)
        for offset in 0..<max(1, items) {
            let index = (start + offset) % max(1, items)
            let t = base.traits(index, provider)
            if base.isListed(t, provider: provider), !t.isRetired(on: 0),
               ItemTraits.normalizedType(t.rawType, provider: provider) == ContentType.course {
                return index
            }
        }
        return start
    }
}
