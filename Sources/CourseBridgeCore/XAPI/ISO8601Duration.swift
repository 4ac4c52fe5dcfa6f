import Foundation

/// ISO 8601 durations as xAPI and Percipio write them: `PT4M30S`, `PT1H2M30S`, `P1DT2H`, `PT0.5S`.
public enum ISO8601Duration {
    /// Seconds, or nil when the text is not a duration. Weeks are 7 days; years (365 days) and
    /// months (30 days) are accepted as approximations since no course lasts that long anyway.
    public static func seconds(_ text: String) -> Double? {
        var rest = Substring(text.trimmed.uppercased())
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        let dateUnits: [(Character, Double)] = [("Y", 365 * 86_400), ("M", 30 * 86_400), ("W", 7 * 86_400), ("D", 86_400)]
        let timeUnits: [(Character, Double)] = [("H", 3_600), ("M", 60), ("S", 1)]
        var total = 0.0
        var components = 0
        var inTime = false
        var nextUnit = 0  // units must appear in order, each at most once
        var number = ""
        for ch in rest {
            if ch == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                nextUnit = 0
                continue
            }
            if ch.isASCII, ch.isNumber || ch == "." || ch == "," {
                number.append(ch == "," ? "." : ch)
                continue
            }
            let units = inTime ? timeUnits : dateUnits
            guard let index = units.indices.first(where: { units[$0].0 == ch }), index >= nextUnit,
                  !number.isEmpty, let value = Double(number), value >= 0 else { return nil }
            total += value * units[index].1
            components += 1
            nextUnit = index + 1
            number = ""
        }
        // A dangling number, a bare "P" or a "T" with nothing after it is not a duration.
        guard number.isEmpty, components > 0, !(inTime && rest.last == "T") else { return nil }
        return total
    }

    /// Whole seconds, rounded: what attempts store.
    public static func wholeSeconds(_ text: String) -> Int? {
        seconds(text)?.wholeSeconds
    }
}
