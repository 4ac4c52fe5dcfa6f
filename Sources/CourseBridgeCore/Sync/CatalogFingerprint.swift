import Foundation

// MARK: - FNV-1a 64

/// FNV-1a, 64 bits: a small, stable, platform-independent hash (Swift's `Hasher` is seeded per
/// process, so it cannot be stored). Used for change detection, never for security.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    /// Length-prefixed, so that ("ab","c") and ("a","bc") never encode alike.
    mutating func add(_ string: String) {
        // The string's own bytes, not a copy: this runs for every field of every listed item.
        let utf8 = string.utf8
        add(UInt64(utf8.count))
        if utf8.withContiguousStorageIfAvailable({ add(bytes: $0) }) == nil { add(bytes: utf8) }
    }

    mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { add(bytes: $0) }
    }

    mutating func add(_ number: Int64) { add(UInt64(bitPattern: number)) }

    /// A field tag keeps an absent value distinct from an empty one.
    mutating func add(tag: UInt8) {
        value ^= UInt64(tag)
        value = value &* 0x0000_0100_0000_01b3
    }
}

// MARK: - Catalog fingerprint

/// A stable fingerprint of every synced field of a catalog item: an item whose fingerprint equals
/// the stored one is unchanged and is written nowhere.
///
/// Left out on purpose: `categories` (they are written only as synced tags, and compared as a tag
/// set so that turning tag sync on or off is seen), and `isRetired` (status has its own rule).
/// Sets the provider may list in any order (subjects, skills, programs, translations) are sorted;
/// ordered lists (authors: the first is the main one; languages: the primary first) keep their order.
public struct CatalogFingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    public init(_ item: CatalogItem) { self.value = Self.compute(item) }

    public static func of(_ item: CatalogItem) -> CatalogFingerprint { CatalogFingerprint(item) }

    /// 16 lower-case hex digits: what the store keeps (SQLite integers are signed).
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public init?(hex: String) {
        guard hex.count == 16, let v = UInt64(hex, radix: 16) else { return nil }
        self.value = v
    }

    public var description: String { hex }

    // MARK: Canonical encoding

    private static func compute(_ item: CatalogItem) -> UInt64 {
        var h = FNV1a64()
        func text(_ tag: UInt8, _ s: String) { h.add(tag: tag); h.add(s) }
        func optionalText(_ tag: UInt8, _ s: String?) {
            h.add(tag: tag)
            if let s { h.add(tag: 1); h.add(s) } else { h.add(tag: 0) }
        }
        func list(_ tag: UInt8, _ values: [String]) {
            h.add(tag: tag); h.add(UInt64(values.count))
            for v in values { h.add(v) }
        }
        text(1, item.providerId)
        text(2, item.contentType)
        text(3, item.title)
        text(4, item.description)
        optionalText(5, item.thumbnailURL)
        list(6, item.authors)
        list(7, item.subjects.sorted())
        list(8, item.skills.sorted())
        h.add(tag: 9)
        if let d = item.durationSeconds { h.add(tag: 1); h.add(Int64(d)) } else { h.add(tag: 0) }
        optionalText(10, item.difficulty)
        list(11, item.languages)
        h.add(tag: 12)
        let translations = item.translations.sorted { ($0.language, $0.title, $0.description) < ($1.language, $1.title, $1.description) }
        h.add(UInt64(translations.count))
        for t in translations { h.add(t.language); h.add(t.title); h.add(t.description) }
        h.add(tag: 13)
        if let date = item.lastUpdatedAt {
            // Whole milliseconds: providers send epoch ms or ISO 8601 with at most ms precision. A date no Int64 of
            // milliseconds holds cannot come from the mappers (they read years 1–9999 only); hashed apart if it did.
            if let ms = Int64(exactly: (date.timeIntervalSince1970 * 1000).rounded()) { h.add(tag: 1); h.add(ms) } else { h.add(tag: 2) }
        } else { h.add(tag: 0) }
        optionalText(14, item.launchURL)
        list(15, item.programIds.sorted())
        return h.value
    }
}
