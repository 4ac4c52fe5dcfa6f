import Foundation

/// Coursera timestamps: epoch milliseconds in most clients and in the spec-derived mock
/// (`1569229361000`), seconds in a few places (`lastUpdatedAt`), ISO 8601 strings in one client.
enum CourseraDate {
    /// Below this a number is read as seconds: 1e11 ms is 1973, 1e11 s is the year 5138.
    static let secondsBelow = 1e11

    static func parse(_ value: ProviderJSON?) -> Date? {
        guard let value, !value.isNull else { return nil }
        if case .string(let text) = value, Double(text.trimmed) == nil { return ValueParsing.date(text) }
        guard let n = value.double, n.isFinite, n > 0 else { return nil }
        return Date(readableEpochSeconds: n < secondsBelow ? n : n / 1000)
    }

    /// What `lastActivityAfter` takes: an integer number of milliseconds.
    static func epochMillis(_ date: Date) -> String { String(Int64((date.timeIntervalSince1970 * 1000).rounded(.down))) }
}
