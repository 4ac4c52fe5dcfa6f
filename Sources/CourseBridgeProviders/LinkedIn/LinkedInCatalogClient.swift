import CourseBridgeCore
import Foundation

/// LinkedIn Learning: `learningAssets` per source locale, paged by `start`/`count`, following
/// the `next` link found by `rel`.
struct LinkedInCatalogClient: CatalogSource {
    typealias F = LinkedInFields
    let provider = Provider.linkedin
    let session: ProviderSession
    let apiBase: String
    let locales: [String]?
    let pageSize: Int
    let cancellation: CancellationFlag
    /// Read only assets modified since then, with the criteria finder (`LinkedInCatalogClient+Changes`).
    var changedSince: Date? = nil
    var now: @Sendable () -> Date = { Date() }

    /// The locales to read: all 12, or those a language filter selects (`fr` → `fr_FR`).
    var selectedLocales: [String] {
        guard let wanted = locales, !wanted.isEmpty else { return F.locales }
        return F.locales.filter { locale in wanted.contains { FilterRules.languageMatches(locale, filterValue: $0) } }
    }

    func readCatalog(onPage: (CatalogPage) throws -> Void) throws {
        if let changedSince { return try readChanges(since: changedSince, onPage: onPage) }
        var pageNumber = 0
        var emitted = Set<String>()  // ids only: a course listed under two locales is sent once
        let localeList = selectedLocales
        for (localeIndex, locale) in localeList.enumerated() {
            var next: String? = firstPageURL(locale: locale, count: pageSize)
            var visited = Set<String>()
            var listed = 0
            var total: Int?
            while let url = next {
                if cancellation.isCancelled { throw session.error(url, .cancelled) }
                guard visited.insert(url).inserted else {
                    throw session.error(url, .pagingContractBroken(reason: "the next link of \(locale) points back to a page already read"))
                }
                var fetched: (LinkedInPageReader, HTTPResponse)?
                var failure: ProviderError?
                do {
                    fetched = try session.get(url, reading: LinkedInPageReader.read)
                } catch {
                    failure = error
                }
                if let error = failure {
                    guard listed == 0, visited.count == 1, Self.refusesLocale(error) else { throw error }
                    // A locale the API does not serve (the reference lists 12): skip it, say so, read the others.
                    pageNumber += 1
                    try onPage(CatalogPage(items: [], pageNumber: pageNumber, totalReported: nil,
                                           listedFraction: Double(localeIndex + 1) / Double(localeList.count),
                                           warnings: [CatalogWarning(subject: "locale \(locale)", message: Self.refusedMessage(locale, error))]))
                    break
                }
                guard let fetched else { break }
                let (body, response) = fetched
                let page = try parsePage(body, url: response.url)
                total = page.total ?? total
                var items: [CatalogItem] = []
                for element in page.elements {
                    guard let item = LinkedInItemMapper.item(from: element, sourceLocale: locale) else {
                        throw session.error(url, .malformedPage(url: session.scrubber.scrub(response.url), reason: "an element has no urn"))
                    }
                    if ContentType.isSynchronized(item.contentType, provider: .linkedin), emitted.insert(item.providerId).inserted {
                        items.append(item)
                    }
                }
                listed += page.elements.count
                // Tolerant paging, as LinkedIn's own v2 collections and Totara's client: a page may hold fewer
                // elements than `count`; the locale ends at an empty page or at a page without a `next` link.
                next = page.elements.isEmpty ? nil : page.next
                var warnings: [CatalogWarning] = []
                if next == nil, let total, total != listed {
                    warnings.append(CatalogWarning(subject: "locale \(locale)", message:
                        "LinkedIn announced \(total) assets for \(locale) but its pages held \(listed); every page up to the last was read"))
                }
                pageNumber += 1
                // Per-locale totals do not add up to the courses sent (duplicates across locales are dropped):
                // progress is the share of locales read, with the current one's share of its own total.
                let inLocale = next == nil ? 1 : total.map { $0 > 0 ? min(1, Double(listed) / Double($0)) : 1 } ?? 0
                let fraction = (Double(localeIndex) + inLocale) / Double(localeList.count)
                try onPage(CatalogPage(items: items, pageNumber: pageNumber, totalReported: localeList.count == 1 ? total : nil,
                                       listedFraction: fraction, warnings: warnings))
            }
        }
    }

    /// 400 or 404 on a locale's first page: the API does not serve that source locale.
    static func refusesLocale(_ error: Error) -> Bool {
        guard let error = error as? ProviderError, case .unexpectedResponse(let status, _) = error.kind else { return false }
        return status == 400 || status == 404
    }

    static func refusedMessage(_ locale: String, _ error: Error) -> String {
        var detail = ""
        if let error = error as? ProviderError, case .unexpectedResponse(let status, let message) = error.kind {
            detail = " (HTTP \(status)\(message.map { ": \($0)" } ?? ""))"
        }
        return "LinkedIn refused the source locale \(locale)\(detail); its courses were not read — "
            + "remove it from the integration's language filter if LinkedIn no longer offers it"
    }

    func testConnection() -> ConnectionTestResult {
        connectionTest { () throws(ProviderError) -> Int? in
            let locales = selectedLocales
            let locale = locales.contains("en_US") ? "en_US" : (locales.first ?? "en_US")
            let (body, response) = try session.get(firstPageURL(locale: locale, count: 1), reading: LinkedInPageReader.read)
            let page = try parsePage(body, url: response.url)
            return locales.count == 1 ? page.total : nil
        }
    }

    // MARK: - Paging

    func firstPageURL(locale: String, count: Int) -> String {
        let parts = locale.split(separator: "_").map(String.init)
        return URLBuilder.url(apiBase, F.assetsPath,
                              query: F.query(language: parts[0], country: parts.count > 1 ? parts[1] : "", start: 0, count: count))
    }

    struct Page {
        var elements: [LinkedInElement]
        var total: Int?
        var next: String?
    }

    func parsePage(_ body: LinkedInPageReader, url: String) throws(ProviderError) -> Page {
        guard let elements = body.elements else {
            throw session.error(url, .pagingContractBroken(reason: "a page has no `\(F.elements)` array"))
        }
        guard body.hasPaging else {
            throw session.error(url, .pagingContractBroken(reason: "a page has no `\(F.paging)` object"))
        }
        var next: String?
        if let href = body.nextHref {
            guard let resolved = URLBuilder.resolve(href, against: url) else {
                throw session.error(url, .pagingContractBroken(reason: "the next link is not a URL"))
            }
            next = resolved
        }
        return Page(elements: elements, total: body.total?.int, next: next)
    }
}
