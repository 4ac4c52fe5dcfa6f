import CourseBridgeCore
import Foundation

/// Parses a `Retry-After` header: delta seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
public enum RetryAfter {
    /// Seconds to wait from `now`; nil when the header is absent or unreadable. A date in the past gives 0.
    public static func seconds(from header: String?, now: Date) -> Double? {
        guard let raw = header?.trimmed, !raw.isEmpty else { return nil }
        if let seconds = Double(raw) { return seconds >= 0 ? seconds : nil }
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: raw) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// IMF-fixdate first; RFC 850 and asctime are obsolete but still legal (RFC 9110 §5.6.7).
    private static let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]
}
