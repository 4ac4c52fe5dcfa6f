import Foundation
import Testing
@testable import CourseBridgeCore

/// Fingerprints are stored: the same item must give the same 16 hex digits in every version, or a re-sync would
/// rewrite the whole catalog. The expected values were computed independently (a Python FNV-1a over the same
/// canonical encoding), so a faster hashing path cannot drift unseen.
@Suite struct CatalogFingerprintStabilityTests {
    static let full: CatalogItem = {
        var item = CatalogItem(providerId: "c-2", title: "Leadership 101", description: "Lead — well.",
                               thumbnailURL: "https://img/x.png", authors: ["Ada", "Alan"], subjects: ["b", "a"],
                               skills: ["z", "y"], durationSeconds: 3750, difficulty: "advanced", languages: ["en-us", "fr-fr"],
                               translations: [Translation(language: "fr-fr", title: "Bonjour", description: "FR"),
                                              Translation(language: "en-us", title: "Hello", description: "EN")],
                               lastUpdatedAt: Date(timeIntervalSince1970: 1_704_067_200), launchURL: "https://launch/c-2",
                               programIds: ["p2", "p1"])
        item.categories = ["not", "hashed"]
        return item
    }()

    @Test(arguments: [
        (CatalogItem(providerId: "c1", title: "Tïtle"), "5da0c17366d81353"),
        (full, "baf22c7ab61e4ae9"),
    ] as [(CatalogItem, String)])
    func theStoredValueDoesNotChange(item: CatalogItem, expected: String) {
        #expect(CatalogFingerprint(item).hex == expected)
    }
}
