import CourseBridgeCore
import Foundation

/// edX: every enterprise catalog, each read with DRF paging (`page`/`page_size`) by following `next`
/// (absolute or relative, `""` or null on the last page); `courserun` and `program` results and
/// inactive courses are skipped. Learner data: the enterprise's learner summary.
struct EdXCatalogClient: CatalogSource, LearnerActivitySource {
    typealias F = EdXFields
    let provider = Provider.edx
    let session: ProviderSession
    let apiBase: String
    let pageSize: Int
    var learnerPageSize = EdXFields.learnerSummaryMaxPageSize
    let cancellation: CancellationFlag

    func readCatalog(onPage: (CatalogPage) throws -> Void) throws {
        var emitted = Set<String>()  // keys only: a course in two catalogs is sent once
        var pageNumber = 0
        for catalog in try catalogs() {
            let first = URLBuilder.url(apiBase, F.catalogPath(catalog.uuid), query: [(F.page, "1"), (F.pageSize, String(pageSize))])
            try readDRF(first, element: EdXElement.read) { results, count, url in
                var items: [CatalogItem] = []
                for result in results where EdXMapper.isCourse(result) && !EdXMapper.isInactive(result) {
                    guard let item = EdXMapper.item(from: result) else {
                        throw session.error(url, .malformedPage(url: session.scrubber.scrub(url), reason: "a course has no key"))
                    }
                    if emitted.insert(item.providerId).inserted { items.append(item) }
                }
                pageNumber += 1
                try onPage(CatalogPage(items: items, pageNumber: pageNumber, totalReported: count))
            }
        }
    }

    /// The whole learner summary every time: the gateway forwards no date filter, so `since` is not used.
    func readLearnerActivity(since: Date?, onPage: ([LearnerActivityRecord]) throws -> Void) throws {
        let enterprises = Normalize.unique(try catalogs().compactMap(\.enterprise))
        for enterprise in enterprises {
            let query = [(F.page, "1"), (F.pageSize, String(learnerPageSize))]
            try readDRF(URLBuilder.url(apiBase, F.learnerSummaryPath(enterprise), query: query), element: Self.whole) { results, _, url in
                try onPage(try results.map { e throws(ProviderError) -> LearnerActivityRecord in
                    guard let r = EdXMapper.activity(from: e) else {
                        throw session.error(url, .malformedPage(url: session.scrubber.scrub(url), reason: "a learner-summary row has no course_key"))
                    }
                    return r
                })
            }
        }
    }

    func testConnection() -> ConnectionTestResult {
        connectionTest { () throws(ProviderError) -> Int? in
            let list = try fetchPage(URLBuilder.url(apiBase, F.catalogsPath), element: Self.whole)
            var size = 0
            for catalog in list.results.prefix(10) {
                guard let uuid = catalog[F.catalogUUID]?.string else { return nil }
                size += try fetchPage(URLBuilder.url(apiBase, F.catalogPath(uuid), query: [(F.page, "1"), (F.pageSize, "1")]),
                                      element: Self.whole).count
            }
            return list.results.count <= 10 ? size : nil
        }
    }

    // MARK: - Catalogs

    struct Catalog { var uuid: String; var enterprise: String? }

    func catalogs() throws -> [Catalog] {
        var list: [Catalog] = []
        try readDRF(URLBuilder.url(apiBase, F.catalogsPath), element: Self.whole) { results, _, url in
            for r in results {
                guard let uuid = r[F.catalogUUID]?.string else {
                    throw session.error(url, .malformedPage(url: session.scrubber.scrub(url), reason: "a catalog has no uuid"))
                }
                list.append(Catalog(uuid: uuid, enterprise: r[F.catalogEnterprise]?.string))
            }
        }
        return list
    }

    // MARK: - DRF paging

    /// A page's elements read whole, as the tree holds them (catalogs, learner-summary rows: small and read by path).
    static let whole: @Sendable (inout JSONScanner) throws(JSONSyntaxError) -> ProviderJSON = { scanner throws(JSONSyntaxError) in
        try scanner.value()
    }

    /// A page as the paging rules accept it, with the URL it came from.
    struct CheckedPage<Element: Sendable>: Sendable { var count: Int; var results: [Element]; var next: String?; var url: String }

    /// Fetches and reads one page, checking what DRF paging promises: a `results` array, a `count`, a `next` that is a URL.
    func fetchPage<Element: Sendable>(_ url: String, element: (inout JSONScanner) throws(JSONSyntaxError) -> Element)
        throws(ProviderError) -> CheckedPage<Element> {
        let (page, response) = try session.get(url) { data throws(JSONSyntaxError) in try DRFPage.read(data, element: element) }
        guard let results = page.results else {
            throw session.error(response.url, .pagingContractBroken(reason: "a page has no `\(F.results)` array"))
        }
        guard let count = page.count?.int else {
            throw session.error(response.url, .pagingContractBroken(reason: "a page has no `\(F.count)`"))
        }
        var next: String?
        // The gateway writes `next` as a string, `""` on the last page; DRF itself writes null.
        if let link = page.next, !link.isNull, link.string?.trimmed.isEmpty != true {
            guard let text = link.string, let resolved = URLBuilder.resolve(text, against: response.url) else {
                throw session.error(response.url, .pagingContractBroken(reason: "`next` is not a URL"))
            }
            next = resolved
        }
        return CheckedPage(count: count, results: results, next: next, url: response.url)
    }

    /// Follows `next` to the end; the results of all pages must add up to `count`. Pages are fetched and read one
    /// ahead of `onResults` (`PageReadAhead`), in the same order, one request at a time.
    func readDRF<Element: Sendable>(_ firstURL: String, element: @escaping @Sendable (inout JSONScanner) throws(JSONSyntaxError) -> Element,
                                    onResults: ([Element], Int, String) throws -> Void) throws {
        try PageReadAhead.read(produce: { deliver in
            try fetchPages(firstURL, element: element, deliver: deliver)
        }, consume: { (page: CheckedPage<Element>) in
            try onResults(page.results, page.count, page.url)
        })
    }

    /// The pager itself: requests and paging rules, without mapping anything.
    private func fetchPages<Element: Sendable>(_ firstURL: String, element: (inout JSONScanner) throws(JSONSyntaxError) -> Element,
                                               deliver: (CheckedPage<Element>) throws -> Void) throws {
        var next: String? = firstURL
        var visited = Set<String>()
        var listed = 0
        var count = 0
        while let url = next {
            if cancellation.isCancelled { throw session.error(url, .cancelled) }
            guard visited.insert(url).inserted else {
                throw session.error(url, .pagingContractBroken(reason: "`next` points back to a page already read"))
            }
            let page = try fetchPage(url, element: element)
            count = page.count
            listed += page.results.count
            if page.next != nil, page.results.isEmpty {
                throw session.error(url, .pagingContractBroken(reason: "an empty page still links to a next page"))
            }
            try deliver(page)
            next = page.next
        }
        if listed != count {
            throw session.error(firstURL, .pagingContractBroken(reason: "the listing announced \(count) results but its pages held \(listed)"))
        }
    }
}
