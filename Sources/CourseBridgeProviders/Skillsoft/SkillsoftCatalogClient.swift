import CourseBridgeCore
import Foundation

/// Skillsoft Percipio: `catalog-content` with `offset`/`max`; the body is a bare array. Paging is tolerant,
/// as ConductorOne's and the Moodle plugin's clients are: the listing ends at an empty or short page, at the
/// offset of the `link: <…>; rel="last"` header, or where `x-total-count` (not in the swagger, so optional)
/// says; the `x-paging-request-id` snapshot id is read only when more pages follow.
struct SkillsoftCatalogClient: CatalogSource, SkillsoftReportSource {
    typealias F = SkillsoftFields
    let provider = Provider.skillsoft
    let session: ProviderSession
    let apiBase: String
    let orgId: String
    let pageSize: Int
    let cancellation: CancellationFlag
    let sleeper: Sleeper
    /// Report polling: the first interval, doubled after each poll up to `maxPollInterval`, until the
    /// report has been waited for `maxReportWait` seconds in all.
    var pollInterval: Double = 5
    var maxPollInterval: Double = 60
    var maxReportWait: Double = 3_600
    /// Read only items updated since then (`updatedSince`, ISO 8601, as the Moodle plugin sends it).
    var changedSince: Date? = nil

    func readCatalog(onPage: (CatalogPage) throws -> Void) throws {
        var emitted = Set<String>()
        // Pages are fetched and scanned one ahead of the mapping (`PageReadAhead`), in the same order.
        try PageReadAhead.read(produce: { deliver in try fetchPages(deliver: deliver) }, consume: { (page: FetchedPage) in
            if emitted.isEmpty, let total = page.total { emitted.reserveCapacity(min(total, 1_000_000)) }
            var items: [CatalogItem] = []
            var fresh = 0
            for element in page.elements {
                guard let item = SkillsoftMapper.item(from: element) else {
                    throw session.error(page.requestURL, .malformedPage(url: session.scrubber.scrub(page.url), reason: "an item has no id"))
                }
                if emitted.insert(item.providerId).inserted {
                    items.append(item)
                    fresh += 1
                }
            }
            if !page.elements.isEmpty, fresh == 0, page.offset > 0 {
                throw session.error(page.requestURL, .pagingContractBroken(
                    reason: "the page at offset \(page.offset) repeats items already read: the offset is not honoured"))
            }
            try onPage(CatalogPage(items: items, pageNumber: page.pageNumber, totalReported: page.total, warnings: page.warnings))
        })
    }

    /// One page as the pager hands it on, with what the mapping side needs to check and report it.
    private struct FetchedPage: Sendable {
        var elements: [SkillsoftElement]
        var pageNumber: Int
        var offset: Int
        var total: Int?
        var warnings: [CatalogWarning]
        var requestURL: String
        var url: String
    }

    /// The pager itself: `offset`/`max` requests, the snapshot id and the end-of-listing rules, without mapping.
    private func fetchPages(deliver: (FetchedPage) throws -> Void) throws {
        var offset = 0
        var requestId: String?
        var pageNumber = 0
        let since = changedSince.map { ISO8601DateFormatter().string(from: $0) }
        while true {
            var query = [(F.offset, String(offset)), (F.max, String(pageSize))]
            if let requestId { query.append((F.pagingRequestId, requestId)) }
            if let since { query.append((F.updatedSince, since)) }
            let url = URLBuilder.url(apiBase, F.catalogPath(orgId), query: query)
            if cancellation.isCancelled { throw session.error(url, .cancelled) }
            let (read, response) = try session.get(url, reading: SkillsoftPageReader.read)
            guard let elements = read else {
                throw session.error(url, .pagingContractBroken(reason: "the body is not a JSON array"))
            }
            let paging = SkillsoftPaging(headers: response.headers, offset: offset, count: elements.count, pageSize: pageSize)
            var warnings: [CatalogWarning] = []
            if paging.morePages, requestId == nil, pageNumber == 0 {
                requestId = response.headers[F.pagingRequestIdHeader].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed }
                if requestId == nil {
                    warnings.append(CatalogWarning(subject: "paging", message:
                        "Percipio sent no \(F.pagingRequestIdHeader) header: later pages were read without a snapshot and may shift if the catalog changes during the run"))
                }
            }
            if !paging.morePages, let total = paging.total, total != offset + elements.count {
                warnings.append(CatalogWarning(subject: "paging", message:
                    "Percipio announced \(total) items (\(F.totalCountHeader)) but the listing ended after \(offset + elements.count); every page up to the last was read"))
            }
            pageNumber += 1
            try deliver(FetchedPage(elements: elements, pageNumber: pageNumber, offset: offset, total: paging.total,
                                    warnings: warnings, requestURL: url, url: response.url))
            guard paging.morePages else { return }
            offset = paging.nextOffset
        }
    }

    func testConnection() -> ConnectionTestResult {
        connectionTest { () throws(ProviderError) -> Int? in
            let url = URLBuilder.url(apiBase, F.catalogPath(orgId), query: [(F.offset, "0"), (F.max, "1")])
            let response = try session.send(HTTPRequest(url: url))
            guard case .array = try session.parse(response) else {
                throw session.error(url, .pagingContractBroken(reason: "the body is not a JSON array"))
            }
            // With one item a page, the last page starts at the last item: its offset + 1 is the catalog's size
            // when `x-total-count` (not in the swagger) is absent.
            let paging = SkillsoftPaging(headers: response.headers, offset: 0, count: 1, pageSize: 1)
            return paging.total ?? paging.lastOffset.map { $0 + 1 }
        }
    }

    // MARK: - Learning activity report

    func readLearningActivityReport(start: Date, end: Date, onWait: (Double) -> Void,
                                    onRows: ([SkillsoftReportRow]) throws -> Void) throws {
        let body: ProviderJSON = .object([F.reportStart: .string(ValueParsing.iso8601(start)), F.reportEnd: .string(ValueParsing.iso8601(end))])
        let requestURL = URLBuilder.url(apiBase, F.reportRequestPath(orgId))
        let created = try session.send(HTTPRequest(method: .post, url: requestURL, headers: [("Content-Type", "application/json")],
                                                   body: try JSONEncoder().encode(body)))
        guard let id = try session.parse(created)[F.reportId]?.string else {
            throw session.error(requestURL, .malformedPage(url: requestURL, reason: "the report request answer has no id"))
        }
        let pollURL = URLBuilder.url(apiBase, F.reportPollPath(orgId, id))
        var waited = 0.0
        var interval = pollInterval
        while true {
            if cancellation.isCancelled { throw session.error(pollURL, .cancelled) }
            let response = try session.send(HTTPRequest(url: pollURL))
            // While the report builds Percipio answers an empty body, or a status object (PENDING, IN_PROGRESS).
            if !Self.isBlank(response.body) {
                let json = try session.parse(response)
                if case .array(let rows) = json {
                    try deliver(rows, pollURL: pollURL, onRows: onRows)
                    return
                }
                if let status = json[F.reportStatus]?.string?.uppercased(), F.reportFailed.contains(status) {
                    throw session.error(pollURL, .unexpectedResponse(status: response.status,
                                                                     message: "the learning activity report failed (\(status))"))
                }
            }
            guard waited < maxReportWait else {
                throw session.error(pollURL, .unexpectedResponse(status: response.status, message:
                    "the learning activity report was still being built after \(waited >= 60 ? "\(Int(waited / 60)) min" : "\(Int(waited)) s") "
                    + "of waiting; the next daily pull asks again"))
            }
            let delay = min(interval, maxReportWait - waited)
            sleeper.sleep(delay)
            waited += delay
            interval = min(interval * 2, maxPollInterval)
            onWait(waited)
        }
    }

    private func deliver(_ rows: [ProviderJSON], pollURL: String, onRows: ([SkillsoftReportRow]) throws -> Void) throws {
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            let slice = rows[chunk..<min(rows.count, chunk + 500)]
            try onRows(try slice.map { e throws(ProviderError) -> SkillsoftReportRow in
                guard let row = SkillsoftMapper.row(from: e) else {
                    throw session.error(pollURL, .malformedPage(url: pollURL, reason: "a report row has no contentUuid"))
                }
                return row
            })
        }
    }

    static func isBlank(_ body: Data) -> Bool {
        body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}
