import CourseBridgeCore
import Foundation

/// Dates and durations as providers write them.
enum ValueParsing {
    // MARK: - Dates

    /// ISO 8601 with or without fractional seconds, with `Z`, `+01:00` or `+0100`, or a bare date.
    static func date(_ text: String?) -> Date? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        if let fast = FastISODate.parse(text) { return fast }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let d = try? withFraction.parse(text) { return d }
        if let d = try? Date.ISO8601FormatStyle().parse(text) { return d }
        // `+0000` offsets without a colon, and dates without a zone (read as UTC).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ",
                       "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let d = formatter.date(from: text) { return d }
        }
        return nil
    }

    static func date(epochMillis value: Double?) -> Date? {
        value.flatMap { Date(readableEpochSeconds: $0 / 1000) }
    }

    static func iso8601(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }

    // MARK: - Durations

    /// ISO 8601 durations as Skillsoft writes them: `PT1H2M30S`, `P1DT2H`, `PT45.5S`.
    static func isoDurationSeconds(_ text: String?) -> Int? {
        guard let text else { return nil }
        if let ascii = asciiISODurationSeconds(text) { return ascii }
        return unicodeISODurationSeconds(text)
    }

    /// The same rules over bytes, for the ASCII texts every item carries (nil: not ASCII, read by the general path).
    private static func asciiISODurationSeconds(_ text: String) -> Int?? {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let first = utf8.first, first == UInt8(ascii: "P") || first == UInt8(ascii: "p") else { return .some(nil) }
        var total = 0.0
        var number: [UInt8] = []
        var inTime = false
        var sawUnit = false
        for raw in utf8.dropFirst() {
            let ch = raw >= 0x61 && raw <= 0x7A ? raw - 0x20 : raw  // uppercased()
            if ch == UInt8(ascii: "T") { inTime = true; continue }
            if (ch >= 0x30 && ch <= 0x39) || ch == UInt8(ascii: ".") || ch == UInt8(ascii: ",") {
                number.append(ch == UInt8(ascii: ",") ? UInt8(ascii: ".") : ch)
                continue
            }
            guard let value = Double(String(decoding: number, as: UTF8.self)) else { return .some(nil) }
            number.removeAll(keepingCapacity: true)
            sawUnit = true
            switch (ch, inTime) {
            case (UInt8(ascii: "W"), false): total += value * 604_800
            case (UInt8(ascii: "D"), false): total += value * 86_400
            case (UInt8(ascii: "H"), true): total += value * 3600
            case (UInt8(ascii: "M"), true): total += value * 60
            case (UInt8(ascii: "S"), true): total += value
            default: return .some(nil)
            }
        }
        return .some(sawUnit && number.isEmpty ? total.wholeSeconds : nil)
    }

    private static func unicodeISODurationSeconds(_ text: String) -> Int? {
        let text = text.uppercased()
        guard text.hasPrefix("P") else { return nil }
        var total = 0.0
        var number = ""
        var inTime = false
        var sawUnit = false
        for ch in text.dropFirst() {
            if ch == "T" { inTime = true; continue }
            if ch.isNumber || ch == "." || ch == "," { number.append(ch == "," ? "." : ch); continue }
            guard let value = Double(number) else { return nil }
            number = ""
            sawUnit = true
            switch (ch, inTime) {
            case ("W", false): total += value * 604_800
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        return sawUnit && number.isEmpty ? total.wholeSeconds : nil
    }

    /// Coursera's `workload`: `"4-6 hours"` (upper bound), `"10 hours"`, `"30 minutes"`, `"2 weeks"` is not a duration.
    static func workloadSeconds(_ text: String?) -> Int? {
        guard let text = text?.lowercased() else { return nil }
        let numbers = text.split(whereSeparator: { !($0.isNumber || $0 == ".") }).compactMap { Double($0) }
        guard let value = numbers.last else { return nil }
        if text.contains("minute") { return (value * 60).wholeSeconds }
        if text.contains("hour") { return (value * 3600).wholeSeconds }
        return nil
    }

    /// LinkedIn's `timeToComplete`: a number and a unit.
    static func durationSeconds(value: Double?, unit: String?) -> Int? {
        guard let value else { return nil }
        switch unit?.uppercased() {
        case "HOUR", "HOURS": return (value * 3600).wholeSeconds
        case "MINUTE", "MINUTES": return (value * 60).wholeSeconds
        case "SECOND", "SECONDS", nil: return value.wholeSeconds
        case "DAY", "DAYS": return (value * 86_400).wholeSeconds
        default: return nil
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM|±HHMM]` read byte by byte: catalog pages carry thousands of dates,
/// and the format styles cost a thrown error per miss. Anything else falls back to them.
enum FastISODate {
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 32, b[13] == 58, b[16] == 58 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<from + len {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            var scale = 0.1
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        if i < b.count {
            if b[i] == 90, i == b.count - 1 {
                offset = 0
            } else if b[i] == 43 || b[i] == 45 {
                let sign = b[i] == 43 ? 1 : -1
                let rest = Array(b[(i + 1)...]).filter { $0 != 58 }
                guard rest.count == 4 || rest.count == 2, rest.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
                let hh = Int(rest[0] - 48) * 10 + Int(rest[1] - 48)
                let mm = rest.count == 4 ? Int(rest[2] - 48) * 10 + Int(rest[3] - 48) : 0
                offset = sign * (hh * 3600 + mm * 60)
            } else {
                return nil
            }
        }
        var t = tm()
        t.tm_year = Int32(y - 1900)
        t.tm_mon = Int32(mo - 1)
        t.tm_mday = Int32(d)
        t.tm_hour = Int32(h)
        t.tm_min = Int32(mi)
        t.tm_sec = Int32(sec)
        let seconds = timegm(&t)
        return Date(timeIntervalSince1970: Double(seconds - offset) + fraction)
    }
}
