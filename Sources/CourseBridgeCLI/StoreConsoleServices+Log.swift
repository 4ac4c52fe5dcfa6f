import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeData
import Foundation

/// The event log and live intake, read from the database: they show what a `serve` in another process did too.
extension StoreConsoleServices {
    public func events(_ query: EventQuery) throws -> [PlatformEvent] { try store.events(query) }

    public func intake() throws -> [IntakeRow] {
        let now = self.now()
        let groups = Dictionary((try? store.groups())?.compactMap { g in g.id.map { ($0, g.name) } } ?? [], uniquingKeysWith: { a, _ in a })
        let failures = try store.events(EventQuery(kinds: [.tokenFailure], limit: 1_000)).filter { $0.at >= now.addingTimeInterval(-3_600) }
        return try store.integrations().filter { $0.provider.pushesStatements && $0.state == .active }.compactMap { i in
            guard let id = i.id else { return nil }
            let s = try store.statementIntake(integrationId: id, recentSince: now.addingTimeInterval(-60),
                                              daySince: Calendar.current.startOfDay(for: now))
            // Token failures are logged per provider ("3 LinkedIn Learning token requests refused …").
            let refused = failures.filter { $0.integrationId == id || ($0.integrationId == nil && $0.message.contains(i.provider.displayName)) }
                .reduce(0) { $0 + (Int($1.message.prefix { $0.isNumber }) ?? 1) }
            return IntakeRow(integrationId: id, provider: i.provider, groupName: groups[i.groupId] ?? "group \(i.groupId)",
                             lastReceived: s.lastReceived, lastMinute: s.recent, receivedToday: s.received, applied: s.applied,
                             quarantined: s.quarantined, tokenFailures: refused)
        }
    }
}
