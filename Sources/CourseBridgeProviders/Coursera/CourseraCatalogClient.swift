import CourseBridgeCore
import Foundation

/// A Coursera program, for the program mapping step of the setup.
public struct ProviderProgram: Sendable, Equatable {
    public var id: String
    public var name: String
    public var slug: String?

    public init(id: String, name: String, slug: String? = nil) {
        self.id = id
        self.name = name
        self.slug = slug
    }
}

/// Sources that can list the programs a catalog is organised in (Coursera).
public protocol ProgramListing: Sendable {
    func listPrograms() throws -> [ProviderProgram]
}

/// Coursera: the organisation's contents in one `start`/`limit` listing (`paging.next`); each element
/// names the programs it belongs to (`programs[]`). Selected programs keep only their content.
///
/// No `programId` filter is sent: no source shows one on `/contents` (one client sends
/// `q=byProgramIds&programIds=`, on an older base), and a filter the API ignored would attribute the
/// whole catalog to every program. Reading once and taking membership from `programs[]` is also
/// one listing instead of one per program.
struct CourseraCatalogClient: CatalogSource, LearnerActivitySource, ProgramListing {
    typealias F = CourseraFields
    let provider = Provider.coursera
    let session: ProviderSession
    let apiBase: String
    let orgId: String
    let programIds: [String]
    let pageSize: Int
    let cancellation: CancellationFlag
    /// Read only contents modified since then (`modifiedSinceTimestamp`, epoch ms); contents removed from the
    /// organisation are not in such a read, so archiving by disappearance waits for a full listing.
    var changedSince: Date? = nil

    func readCatalog(onPage: (CatalogPage) throws -> Void) throws {
        let selected = Set(programIds)
        var emitted = Set<String>()  // content ids: an element listed twice is sent once
        var pageNumber = 0
        let changes = changedSince.map { [(F.modifiedSinceTimestamp, CourseraDate.epochMillis($0))] } ?? []
        try readPaged(F.contentsPath(orgId), extra: changes, limit: pageSize, element: CourseraElement.read) { elements, total, url in
            if emitted.isEmpty, let total { emitted.reserveCapacity(min(total, 1_000_000)) }
            var items: [CatalogItem] = []
            for element in elements {
                guard let item = CourseraMapper.item(from: element, selected: selected) else {
                    throw session.error(url, .malformedPage(url: session.scrubber.scrub(url), reason: "a content has neither contentId nor id"))
                }
                guard selected.isEmpty || !item.programIds.isEmpty else { continue }
                if ContentType.isSynchronized(item.contentType, provider: .coursera), emitted.insert(item.providerId).inserted {
                    items.append(item)
                }
            }
            pageNumber += 1
            try onPage(CatalogPage(items: items, pageNumber: pageNumber, totalReported: total))
        }
    }

    func listPrograms() throws -> [ProviderProgram] {
        var programs: [ProviderProgram] = []
        try readPaged(F.programsPath(orgId), extra: [], limit: 100, element: { scanner throws(JSONSyntaxError) in try scanner.value() }) { elements, _, url in
            for e in elements {
                guard let id = e[F.programId]?.string else {
                    throw session.error(url, .malformedPage(url: session.scrubber.scrub(url), reason: "a program has no id"))
                }
                programs.append(ProviderProgram(id: id, name: e[F.programName]?.string ?? id, slug: e[F.programSlug]?.string))
            }
        }
        return programs
    }

    func readLearnerActivity(since: Date?, onPage: ([LearnerActivityRecord]) throws -> Void) throws {
        let extra = since.map { [(F.lastActivityAfter, CourseraDate.epochMillis($0))] } ?? []
        try readPaged(F.enrollmentReportsPath(orgId), extra: extra, limit: 100, element: { scanner throws(JSONSyntaxError) in try scanner.value() }) { elements, _, url in
            let records = try elements.map { e throws(ProviderError) -> LearnerActivityRecord in
                guard let r = CourseraMapper.activity(from: e) else {
                    throw session.error(url, .malformedPage(url: session.scrubber.scrub(url), reason: "a report row has no contentId"))
                }
                return r
            }
            try onPage(records)
        }
    }

    func testConnection() -> ConnectionTestResult {
        connectionTest { () throws(ProviderError) -> Int? in
            // The organisation call tells a wrong org id (403/404) apart from a wrong secret (401).
            _ = try session.getJSON(URLBuilder.url(apiBase, F.organizationPath(orgId)))
            let (json, _) = try session.getJSON(URLBuilder.url(apiBase, F.contentsPath(orgId),
                                                                query: [(F.start, "0"), (F.limit, "1")]))
            return json[F.paging]?[F.total]?.int
        }
    }

    // MARK: - Paging

    /// Reads `start`/`limit` pages until `paging.next` is absent; checks the announced total.
    /// Elements are read by `element`: straight into their fields for contents, whole for programs and report rows.
    /// Pages are fetched and scanned one ahead of `onElements` (`PageReadAhead`), in the same order.
    private func readPaged<Element: Sendable>(_ path: String, extra: [(String, String)], limit: Int,
                                              element: @escaping @Sendable (inout JSONScanner) throws(JSONSyntaxError) -> Element,
                                              onElements: ([Element], Int?, String) throws -> Void) throws {
        try PageReadAhead.read(produce: { deliver in
            try fetchPages(path, extra: extra, limit: limit, element: element, deliver: deliver)
        }, consume: { (page: FetchedPage<Element>) in
            try onElements(page.elements, page.total, page.url)
        })
    }

    /// One page as the pager hands it on: its elements, the total announced so far, the URL it came from.
    private struct FetchedPage<Element: Sendable>: Sendable {
        var elements: [Element]
        var total: Int?
        var url: String
    }

    /// The pager itself: requests, paging rules and the total check, without mapping anything.
    private func fetchPages<Element: Sendable>(_ path: String, extra: [(String, String)], limit: Int,
                                               element: (inout JSONScanner) throws(JSONSyntaxError) -> Element,
                                               deliver: (FetchedPage<Element>) throws -> Void) throws {
        var start = 0
        var listed = 0
        var total: Int?
        while true {
            let url = URLBuilder.url(apiBase, path, query: [(F.start, String(start)), (F.limit, String(limit))] + extra)
            if cancellation.isCancelled { throw session.error(url, .cancelled) }
            let (page, response) = try session.get(url) { data throws(JSONSyntaxError) in try CourseraPage.read(data, element: element) }
            // A changes read may answer `changes[]` rather than `elements[]` (unverified shape: take either).
            guard let elements = page.elements ?? (extra.isEmpty ? nil : page.changes) else {
                throw session.error(url, .pagingContractBroken(reason: "a page has no `\(F.elements)` array"))
            }
            total = page.total?.int ?? total
            listed += elements.count
            try deliver(FetchedPage(elements: elements, total: total, url: response.url))
            guard let nextValue = page.next, !nextValue.isNull else { break }
            guard let next = nextValue.int, next > start else {
                throw session.error(url, .pagingContractBroken(reason: "`paging.next` is not a start position after \(start)"))
            }
            if elements.isEmpty {
                throw session.error(url, .pagingContractBroken(reason: "an empty page still announces a next page"))
            }
            start = next
        }
        if let total, listed != total {
            throw session.error(apiBase, .pagingContractBroken(reason: "the listing announced \(total) elements but its pages held \(listed)"))
        }
    }
}
