import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct ValueParsingTests {
    @Test(arguments: [("PT1H2M30S", 3750), ("PT45S", 45), ("PT10M", 600), ("P1DT1H", 90_000), ("PT0.5S", 1), ("PT1H", 3600)])
    func isoDurations(text: String, seconds: Int) {
        #expect(ValueParsing.isoDurationSeconds(text) == seconds)
    }

    @Test(arguments: ["", "1H", "PT", "PTXS", "P1H"])
    func badIsoDurations(text: String) {
        #expect(ValueParsing.isoDurationSeconds(text) == nil)
    }

    @Test(arguments: [("4-6 hours", 21_600), ("10 hours", 36_000), ("30 minutes", 1800)] as [(String, Int)])
    func courseraWorkload(text: String, seconds: Int) {
        #expect(ValueParsing.workloadSeconds(text) == seconds)
    }

    @Test(arguments: ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00.000Z", "2024-03-01T11:00:00+01:00",
                      "2024-03-01T10:00:00+0000", "2024-03-01T10:00:00.123456Z"])
    func isoDates(text: String) throws {
        let date = try #require(ValueParsing.date(text))
        #expect(abs(date.timeIntervalSince1970 - 1_709_287_200) < 1)
    }

    @Test func jsonNumbersMayBeStrings() throws {
        let v = try ProviderJSON.parse(Data(#"{"a":"36000","b":7775999,"c":"x"}"#.utf8))
        #expect(v["a"]?.double == 36000)
        #expect(v["b"]?.int == 7_775_999)
        #expect(v["c"]?.double == nil)
        #expect(v["b"]?.string == "7775999")
    }

    @Test func headersAreCaseInsensitive() {
        let h = HTTPHeaders([(name: "X-Total-Count", value: "12")])
        #expect(h["x-total-count"] == "12" && h["X-TOTAL-COUNT"] == "12")
    }

    @Test(arguments: [("https://a.test/v2/x?start=0", "/v2/x?start=10", "https://a.test/v2/x?start=10"),
                      ("https://a.test/v2/x?start=0", "https://b.test/y", "https://b.test/y"),
                      ("https://a.test/e/cat/?page=1", "?page=2", "https://a.test/e/cat/?page=2")])
    func nextLinksResolve(page: String, link: String, expected: String) {
        #expect(URLBuilder.resolve(link, against: page) == expected)
    }
}
