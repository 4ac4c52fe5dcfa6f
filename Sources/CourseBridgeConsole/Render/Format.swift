import CourseBridgeCore
import Foundation

/// Text helpers shared by the screens: durations, relative times, counts, bars.
enum Format {
    static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "never" }
        let s = Int(now.timeIntervalSince(date))
        if s < 60 { return "just now" }
        if s < 3600 { return "\(s / 60)m ago" }
        if s < 86_400 { return "\(s / 3600)h ago" }
        return "\(s / 86_400)d ago"
    }

    static func until(_ date: Date?, now: Date) -> String {
        guard let date else { return "—" }
        let s = max(0, Int(date.timeIntervalSince(now)))
        if s < 3600 { return "in \(s / 60)m" }
        if s < 86_400 { return "in \(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        return "in \(s / 86_400)d"
    }

    /// A run's error or warning as its detail screen lists it: "warning c-13: odd warning".
    static func runMessage(_ e: RunMessage) -> String {
        "\(e.kind.rawValue)\(e.providerId.map { " \($0)" } ?? ""): \(e.message)"
    }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "—" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }

    /// "2026-11-23 03:12" in UTC. By hand: a DateFormatter per cell cost most of a frame of 40 rows.
    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "—" }
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        return "\(t.tm_year + 1900)-\(pad2(t.tm_mon + 1))-\(pad2(t.tm_mday)) \(pad2(t.tm_hour)):\(pad2(t.tm_min))"
    }

    static func pad2(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func shortName(_ p: Provider) -> String {
        switch p {
        case .linkedin: "LinkedIn"
        case .coursera: "Coursera"
        case .edx: "edX"
        case .skillsoft: "Skillsoft"
        }
    }

    static func counts(_ c: SyncPlanCounts) -> String {
        "\(c.created) created, \(c.updated) updated, \(c.archived) archived, \(c.ignored) ignored, \(c.unchanged) unchanged"
    }

    static let spinner: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// A bar of `width` cells; an unknown total draws a moving block.
    static func bar(_ fraction: Double?, width: Int, tick: Int) -> (full: String, empty: String) {
        guard width > 0 else { return ("", "") }
        guard let fraction else {
            let pos = tick % max(1, width - 3)
            return (String(repeating: "░", count: pos) + "███", String(repeating: "░", count: max(0, width - pos - 3)))
        }
        let n = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
        return (String(repeating: "█", count: n), String(repeating: "░", count: width - n))
    }

    static func progressLine(_ p: SyncProgress) -> String {
        var parts = ["\(p.phase.label)", "page \(p.pages)", "\(p.itemsText) items"]
        if p.itemsPerSecond > 0 { parts.append("\(Int(p.itemsPerSecond.rounded()))/s") }
        if let eta = p.etaSeconds { parts.append("ETA \(duration(eta))") }
        return parts.joined(separator: " · ")
    }
}
