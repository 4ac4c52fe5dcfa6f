import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

/// Numbers from a provider's page or headers that no integer holds read as absent instead of stopping the sync:
/// each of these trapped before (an `Int(x.rounded())` or whole milliseconds of an absurd date).
struct HostileNumbersTests {
    @Test(arguments: ["PT100000000000000000000000S", "P99999999999999999999999D", "PT1" + String(repeating: "0", count: 400) + "S"])
    func durationsNoIntegerHoldsReadAsAbsent(text: String) {
        #expect(ValueParsing.isoDurationSeconds(text) == nil)
        #expect(ISO8601Duration.wholeSeconds(text) == nil)
    }

    @Test func ordinaryDurationsReadAsBefore() {
        #expect(ValueParsing.isoDurationSeconds("PT1H30M") == 5_400)
        #expect(ISO8601Duration.wholeSeconds("PT4M30.4S") == 270)
        #expect((2.5).wholeSeconds == 3)
        #expect(Double.nan.wholeSeconds == nil)
        #expect(Double.infinity.wholeSeconds == nil)
        #expect((1e300).wholeSeconds == nil)
    }

    @Test(arguments: [1e300, -1e300, Double.infinity, Double.nan, 3e17])
    func epochMillisOutsideTheYearsPeopleUseReadAsAbsent(ms: Double) {
        #expect(ValueParsing.date(epochMillis: ms) == nil)
    }

    @Test func ordinaryEpochMillisReadAsBefore() {
        #expect(ValueParsing.date(epochMillis: 1_569_229_361_000) == Date(timeIntervalSince1970: 1_569_229_361))
    }

    @Test func aFingerprintOfAnAbsurdDateIsComputed() {
        var item = CatalogItem(providerId: "x", title: "t")
        item.lastUpdatedAt = Date(timeIntervalSince1970: 1e300)
        let absurd = CatalogFingerprint(item).hex
        item.lastUpdatedAt = nil
        #expect(absurd != CatalogFingerprint(item).hex)
    }

    @Test(arguments: [Double.infinity, 1e300])
    func aRetryAfterNoIntegerHoldsIsReported(seconds: Double) {
        let message = ProviderError(provider: .linkedin, host: "api.example", kind: .rateLimited(retryAfter: seconds)).description
        #expect(message.contains("limiting the request rate"))
        #expect(!message.contains("asked to wait"))
    }
}
