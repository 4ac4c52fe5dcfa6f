import CourseBridgeCore
import Foundation

/// LinkedIn's changes-since read: the `q=criteria` finder with `assetFilteringCriteria.lastModifiedAfter` (epoch ms),
/// retired assets included, every selected locale in one listing (as Moodle's `local_linkedinlearning` reads it).
/// Finding L5: a window over a day has returned old records, and `total` was capped at 500 on that finder; such an
/// answer throws `ChangesListingRejected` before anything of it is applied, and the caller reads the whole listing.
extension LinkedInCatalogClient {
    func readChanges(since: Date, onPage: (CatalogPage) throws -> Void) throws {
        var next: String? = changesURL(since: since)
        var visited = Set<String>()
        var emitted = Set<String>()
        var pages: [CatalogPage] = []
        var listed = 0
        var total: Int?
        var oldest: Date?
        // The pages are checked as a whole before any is handed on: a rejected answer changes nothing.
        while let url = next {
            if cancellation.isCancelled { throw session.error(url, .cancelled) }
            guard visited.insert(url).inserted else {
                throw session.error(url, .pagingContractBroken(reason: "the next link of the changes listing points back to a page already read"))
            }
            let (body, response) = try session.get(url, reading: LinkedInPageReader.read)
            let page = try parsePage(body, url: response.url)
            total = page.total ?? total
            var items: [CatalogItem] = []
            for element in page.elements {
                guard var item = LinkedInItemMapper.item(from: element, sourceLocale: Self.sourceLocale(of: element)) else {
                    throw session.error(url, .malformedPage(url: session.scrubber.scrub(response.url), reason: "an element has no urn"))
                }
                // `retiredAt` marks a retirement even when `availability` is missing (the criteria finder's shape).
                if Self.retiredAt(element) != nil { item.isRetired = true }
                let modified = ValueParsing.date(epochMillis: element.details.lastUpdatedAt?.double)
                let changedAt = [modified, Self.retiredAt(element)].compactMap { $0 }.max()
                if let changedAt { oldest = min(oldest ?? changedAt, changedAt) }
                if ContentType.isSynchronized(item.contentType, provider: .linkedin), emitted.insert(item.providerId).inserted {
                    items.append(item)
                }
            }
            listed += page.elements.count
            next = page.elements.isEmpty ? nil : page.next
            let fraction = next == nil ? 1 : total.map { $0 > 0 ? min(1, Double(listed) / Double($0)) : 1 }
            pages.append(CatalogPage(items: items, pageNumber: pages.count + 1, totalReported: total, listedFraction: fraction))
        }
        if let problem = LinkedInChangesCheck.problem(since: since, now: now(), total: total, oldestChange: oldest) {
            throw ChangesListingRejected(reason: problem)
        }
        for page in pages { try onPage(page) }
    }

    func changesURL(since: Date) -> String {
        var query: [(String, String)] = [("q", "criteria"), ("assetFilteringCriteria.assetTypes[0]", F.courseType),
                                         ("assetRetrievalCriteria.includeRetired", "true"),
                                         ("assetRetrievalCriteria.expandDepth", "1"),
                                         ("assetFilteringCriteria.lastModifiedAfter", String(Int64(since.timeIntervalSince1970 * 1000)))]
        if let wanted = locales, !wanted.isEmpty {
            for (i, locale) in selectedLocales.enumerated() {
                let parts = locale.split(separator: "_").map(String.init)
                query.append(("assetFilteringCriteria.locales[\(i)].language", parts[0]))
                if parts.count > 1 { query.append(("assetFilteringCriteria.locales[\(i)].country", parts[1])) }
            }
        }
        query += [("start", "0"), ("count", String(pageSize))]
        return URLBuilder.url(apiBase, F.assetsPath, query: query)
    }

    /// `title.locale` as `en_US`: the criteria finder mixes locales in one listing.
    static func sourceLocale(of element: LinkedInElement) -> String {
        let language = element.titleLocale?.language?.string ?? "en"
        let country = element.titleLocale?.country?.string ?? ""
        return country.isEmpty ? language : "\(language)_\(country)"
    }

    static func retiredAt(_ element: LinkedInElement) -> Date? {
        ValueParsing.date(epochMillis: element.details.retiredAt?.double ?? element.retiredAt?.double)
    }
}

/// Finding L5 as a rule: when LinkedIn's changes answer is not to be trusted.
enum LinkedInChangesCheck {
    /// The `total` a Microsoft Q&A thread saw the criteria finder stop at.
    static let cappedTotal = 500

    static func problem(since: Date, now: Date, total: Int?, oldestChange: Date?) -> String? {
        if let total, total == cappedTotal {
            return "LinkedIn's changes listing announced exactly \(cappedTotal) assets, where that finder's total is known to be capped"
        }
        // A day's slack either way: LinkedIn's own clock and indexing lag are not ours.
        if now.timeIntervalSince(since) > 86_400, let oldestChange, oldestChange < since.addingTimeInterval(-86_400) {
            return "LinkedIn's changes listing since \(ISO8601DateFormatter().string(from: since)) returned assets last changed "
                + "before it (\(ISO8601DateFormatter().string(from: oldestChange)))"
        }
        return nil
    }
}
