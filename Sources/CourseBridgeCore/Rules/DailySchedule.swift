import Foundation

/// A daily local time in an IANA time zone. Runs follow the zone through daylight saving.
public struct DailySchedule: Equatable, Codable, Sendable, CustomStringConvertible {
    public static let defaultTimeZone = "Europe/Paris"

    public var hour: Int
    public var minute: Int
    public var timeZone: String

    public init(hour: Int, minute: Int, timeZone: String) {
        self.hour = hour
        self.minute = minute
        self.timeZone = timeZone
    }

    /// Parses `HH:MM` and an IANA zone name.
    public init(time: String, timeZone: String = DailySchedule.defaultTimeZone) throws(CoreError) {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { throw .invalidTime(time) }
        guard TimeZone(identifier: timeZone) != nil else { throw .unknownTimeZone(timeZone) }
        self.init(hour: h, minute: m, timeZone: timeZone)
    }

    public var time: String { String(format: "%02d:%02d", hour, minute) }
    public var description: String { "\(time) \(timeZone)" }

    /// The first run strictly after `date`. A local time skipped by a spring-forward change
    /// runs at the first valid instant after it; a repeated one runs once (the first).
    public func nextRun(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let wanted = DateComponents(hour: hour, minute: minute, second: 0)
        return calendar.nextDate(after: date, matching: wanted, matchingPolicy: .nextTime,
                                 repeatedTimePolicy: .first, direction: .forward) ?? date.addingTimeInterval(86_400)
    }

    /// The latest scheduled instant at or before `date`: used to detect a run missed while down.
    public func previousRun(atOrBefore date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let wanted = DateComponents(hour: hour, minute: minute, second: 0)
        let prev = calendar.nextDate(after: date.addingTimeInterval(1), matching: wanted, matchingPolicy: .nextTime,
                                     repeatedTimePolicy: .first, direction: .backward)
        return prev ?? date.addingTimeInterval(-86_400)
    }
}
