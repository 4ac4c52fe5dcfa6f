import CourseBridgeCore
import Foundation

// MARK: - Pages

/// One page of a provider's listing, normalized.
public struct CatalogPage: Sendable {
    public var items: [CatalogItem]
    /// 1-based over the whole listing (all locales, programs or catalogs).
    public var pageNumber: Int
    /// The total the provider announced for the listing this page belongs to (one locale,
    /// program or catalog for LinkedIn, Coursera, edX), when it announced one.
    public var totalReported: Int?
    /// How much of the whole listing has been read (0…1), when a client can tell better than items/total:
    /// LinkedIn's totals are per locale while a course listed in two locales is sent once.
    public var listedFraction: Double?
    /// What the provider did that is worth telling the administrator but does not make the listing
    /// incomplete (a locale it refuses, totals that do not add up): recorded as the run's warnings.
    public var warnings: [CatalogWarning]

    public init(items: [CatalogItem], pageNumber: Int, totalReported: Int?, listedFraction: Double? = nil,
                warnings: [CatalogWarning] = []) {
        self.items = items
        self.pageNumber = pageNumber
        self.totalReported = totalReported
        self.listedFraction = listedFraction
        self.warnings = warnings
    }
}

/// A warning about part of a listing (`subject`: what it is about, e.g. `locale nl_NL`).
public struct CatalogWarning: Sendable, Equatable {
    public var subject: String
    public var message: String

    public init(subject: String, message: String) {
        self.subject = subject
        self.message = message
    }
}

// MARK: - Sources

/// A provider's catalog, read page by page.
public protocol CatalogSource: Sendable {
    var provider: Provider { get }
    /// Reads the whole listing page by page; calls `onPage` with each page's normalized items, in
    /// order. Memory does not grow with the catalog. Throws if any page fails (then the listing is
    /// incomplete and the caller must archive nothing).
    func readCatalog(onPage: (CatalogPage) throws -> Void) throws
    /// Gets a token and makes one small listing call.
    func testConnection() -> ConnectionTestResult
}

/// Learner activity pulled daily (Coursera enrollment reports, edX learner progress).
public protocol LearnerActivitySource: Sendable {
    /// Pages of records changed after `since` (all when nil), in the provider's order.
    func readLearnerActivity(since: Date?, onPage: ([LearnerActivityRecord]) throws -> Void) throws
}

/// The provider's changes-since answer does not look right (finding L5: a window over a day returned records
/// older than the window, or a total at the finder's cap): the caller reads the whole listing instead.
public struct ChangesListingRejected: Error, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

// MARK: - Options

/// Everything about a client that is not a credential.
public struct CatalogSourceOptions: Sendable {
    /// LinkedIn: the source locales to read (`fr_FR`, or a language such as `fr`); nil = all 12.
    public var locales: [String]?
    /// Coursera: the selected programs; empty = all of them ("auto-mapping").
    public var programIds: [String]
    public var retryPolicy: RetryPolicy
    public var sleeper: Sleeper
    public var connectTimeout: Double
    public var totalTimeout: Double
    public var cancellation: CancellationFlag
    public var now: @Sendable () -> Date
    /// Replaces libcurl (tests); nil = a `CurlHTTPClient` of its own per source.
    public var transport: HTTPTransport?
    /// Overrides the provider's page size (tests; the clients never rely on it).
    public var pageSize: Int?
    /// The most one response may hold once decompressed (libcurl transport only).
    public var maxResponseBytes: Int
    /// Percipio's learning activity report: first poll interval (doubled up to a minute) and the longest
    /// total wait while it builds, in seconds.
    public var reportPollInterval: Double = 5
    public var reportMaxWait: Double = 3_600
    /// Read only what changed since this time (LinkedIn `lastModifiedAfter`, Coursera `modifiedSinceTimestamp`,
    /// Percipio `updatedSince`); nil = the whole listing. edX ignores it (it has no such read).
    public var changedSince: Date?

    public init(locales: [String]? = nil, programIds: [String] = [], retryPolicy: RetryPolicy = RetryPolicy(),
                sleeper: Sleeper = .real, connectTimeout: Double = 10, totalTimeout: Double = 60,
                cancellation: CancellationFlag = CancellationFlag(), now: @escaping @Sendable () -> Date = { Date() },
                transport: HTTPTransport? = nil, pageSize: Int? = nil, maxResponseBytes: Int = ResponseLimit.defaultBytes) {
        self.locales = locales
        self.programIds = programIds
        self.retryPolicy = retryPolicy
        self.sleeper = sleeper
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.cancellation = cancellation
        self.now = now
        self.transport = transport
        self.pageSize = pageSize
        self.maxResponseBytes = maxResponseBytes
    }
}

// MARK: - Normalization shared by the clients

enum Normalize {
    /// `en_US`, `EN-us` → `en-us`; `en` stays `en`.
    static func language(_ code: String) -> String {
        ASCIICase.untrimmedLowercased(code, replacing: UInt8(ascii: "_"), with: UInt8(ascii: "-"))
            ?? String(code.trimmed.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// Difficulty as one vocabulary: beginner, intermediate, advanced (edX says Introductory).
    static func difficulty(_ value: String?) -> String? {
        guard let value else { return nil }
        let v = ASCIICase.untrimmedLowercased(value) ?? value.trimmed.lowercased()
        guard !v.isEmpty else { return nil }
        switch v {
        case "introductory", "beginner", "basic", "novice": return "beginner"
        case "intermediate": return "intermediate"
        case "advanced", "expert": return "advanced"
        default: return v
        }
    }

    /// Keeps first occurrences, drops empties.
    static func unique(_ values: [String]) -> [String] {
        // Item lists are short (authors, languages, tags) and there are several per item: comparing in place costs
        // less than hashing each into a new Set (9 % of a Percipio listing's CPU).
        if values.count <= 16 {
            var result: [String] = []
            result.reserveCapacity(values.count)
            for value in values where !value.isEmpty && !result.contains(value) { result.append(value) }
            return result
        }
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
