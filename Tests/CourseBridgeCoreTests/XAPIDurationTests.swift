import Foundation
import Testing
@testable import CourseBridgeCore

struct XAPIDurationTests {
    static let valid: [(String, Double)] = [
        ("PT4M30S", 270), ("PT1H2M30S", 3_750), ("P1DT2H", 93_600), ("PT1.5S", 1.5), ("PT0.25S", 0.25),
        ("PT625S", 625), ("P1W", 604_800), ("PT0S", 0), ("pt2m", 120), ("PT1,5S", 1.5),
    ]
    static let invalid = ["", "P", "PT", "4M30S", "P1H", "PT1M1H", "PT-1S", "PT1S2", "P1DT", "PTS", "PT1H1H"]

    @Test(arguments: valid)
    func parses(_ text: String, _ seconds: Double) {
        #expect(ISO8601Duration.seconds(text) == seconds)
    }

    @Test(arguments: invalid)
    func rejects(_ text: String) {
        #expect(ISO8601Duration.seconds(text) == nil)
    }

    @Test func wholeSecondsRound() {
        #expect(ISO8601Duration.wholeSeconds("PT4M29.6S") == 270)
    }
}

struct XAPITimestampTests {
    static let instant = Date(timeIntervalSince1970: 1_727_771_400)  // 2024-10-01T08:30:00Z

    static let equivalent = ["2024-10-01T08:30:00Z", "2024-10-01T08:30:00.000Z", "2024-10-01T08:30:00+0000",
                             "2024-10-01T10:30:00+02:00", "2024-10-01T03:30:00-0500", "2024-10-01T08:30:00",
                             "2024-10-01T09:30:00+01"]

    @Test(arguments: equivalent)
    func offsetsAreHonoured(_ text: String) {
        #expect(XAPITimestamp.parse(text) == Self.instant)
    }

    @Test func fractionalSeconds() throws {
        let d = try #require(XAPITimestamp.parse("2024-10-01T08:30:00.123456Z"))
        #expect(abs(d.timeIntervalSince(Self.instant) - 0.123456) < 1e-6)
    }

    /// Instants checked against `date -u -d … +%s`: leap days, century years, before 1970, a leap second.
    @Test(arguments: [("2024-02-29T12:00:00Z", 1_709_208_000.0), ("2000-02-29T00:00:00Z", 951_782_400),
                      ("1969-12-31T23:59:59Z", -1), ("1900-03-01T00:00:00Z", -2_203_891_200),
                      ("2100-12-31T23:59:59Z", 4_133_980_799), ("2016-12-31T23:59:60Z", 1_483_228_800),
                      ("1970-01-01T00:00:00+01:00", -3_600)])
    func calendarDates(_ text: String, _ seconds: Double) {
        #expect(XAPITimestamp.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: ["yesterday", "2024-13-01T00:00:00Z", "2024-02-31T00:00:00Z", "2024-10-01", "2024-10-01T08:30Z",
                      "2024-10-01T08:30:00+0", "2024-10-01T08:30:00Zjunk", "2023-02-29T00:00:00Z",
                      "1900-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-00-10T00:00:00Z", "2024-10-00T00:00:00Z"])
    func rejects(_ text: String) {
        #expect(XAPITimestamp.parse(text) == nil)
    }
}
