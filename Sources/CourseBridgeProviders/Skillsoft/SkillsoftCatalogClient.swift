import CourseBridgeCore
import Foundation

/// Skillsoft Percipio: `catalog-content` with `offset`/`max` and a `pagingRequestId` from the
/// first response's headers; stops when `offset ≥ x-total-count`. The body is a bare array.
struct SkillsoftCatalogClient: CatalogSource, SkillsoftReportSource {
    typealias F = SkillsoftFields
    let provider = Provider.skillsoft
    let session: ProviderSession
    let apiBase: String
    let orgId: String
    let pageSize: Int
    let cancellation: CancellationFlag
    let sleeper: Sleeper
    /// Report polling: interval and how many polls before giving up.
    var pollInterval: Double = 5
    var maxPolls = 120

    func readCatalog(onPage: (CatalogPage) throws -> Void) throws {
        var offset = 0
        var total: Int?
        var requestId: String?
        var pageNumber = 0
        var emitted = Set<String>()
        repeat {
            var query = [(F.offset, String(offset)), (F.max, String(pageSize))]
            if let requestId { query.append((F.pagingRequestId, requestId)) }
            let url = URLBuilder.url(apiBase, F.catalogPath(orgId), query: query)
            if cancellation.isCancelled { throw session.error(url, .cancelled) }
            let response = try session.send(HTTPRequest(url: url))
            guard case .array(let elements) = try session.parse(response) else {
                throw session.error(url, .pagingContractBroken(reason: "the body is not a JSON array"))
            }
            if total == nil {
                guard let header = response.headers[F.totalCountHeader], let count = Int(header.trimmed) else {
                    throw session.error(url, .pagingContractBroken(reason: "the first page has no usable `\(F.totalCountHeader)` header"))
                }
                guard let id = response.headers[F.pagingRequestIdHeader], !id.isEmpty else {
                    throw session.error(url, .pagingContractBroken(reason: "the first page has no `\(F.pagingRequestIdHeader)` header"))
                }
                total = count
                requestId = id
            }
            if elements.isEmpty, offset < total! {
                throw session.error(url, .pagingContractBroken(
                    reason: "an empty page at offset \(offset) while \(total!) items were announced"))
            }
            var items: [CatalogItem] = []
            for element in elements {
                guard let item = SkillsoftMapper.item(from: element) else {
                    throw session.error(url, .malformedPage(url: session.scrubber.scrub(response.url), reason: "an item has no id"))
                }
                if emitted.insert(item.providerId).inserted { items.append(item) }
            }
            pageNumber += 1
            try onPage(CatalogPage(items: items, pageNumber: pageNumber, totalReported: total))
            offset += pageSize
        } while offset < total!
    }

    func testConnection() -> ConnectionTestResult {
        connectionTest { () throws(ProviderError) -> Int? in
            let url = URLBuilder.url(apiBase, F.catalogPath(orgId), query: [(F.offset, "0"), (F.max, "1")])
            let response = try session.send(HTTPRequest(url: url))
            guard case .array = try session.parse(response) else {
                throw session.error(url, .pagingContractBroken(reason: "the body is not a JSON array"))
            }
            return response.headers[F.totalCountHeader].flatMap { Int($0.trimmed) }
        }
    }

    // MARK: - Learning activity report

    func readLearningActivityReport(start: Date, end: Date, onRows: ([SkillsoftReportRow]) throws -> Void) throws {
        let body: ProviderJSON = .object([F.reportStart: .string(ValueParsing.iso8601(start)), F.reportEnd: .string(ValueParsing.iso8601(end))])
        let requestURL = URLBuilder.url(apiBase, F.reportRequestPath(orgId))
        let created = try session.send(HTTPRequest(method: .post, url: requestURL, headers: [("Content-Type", "application/json")],
                                                   body: try JSONEncoder().encode(body)))
        guard let id = try session.parse(created)[F.reportId]?.string else {
            throw session.error(requestURL, .malformedPage(url: requestURL, reason: "the report request answer has no id"))
        }
        let pollURL = URLBuilder.url(apiBase, F.reportPollPath(orgId, id))
        for poll in 0..<maxPolls {
            if cancellation.isCancelled { throw session.error(pollURL, .cancelled) }
            if poll > 0 { sleeper.sleep(pollInterval) }
            let (json, _) = try session.getJSON(pollURL)
            if case .array(let rows) = json {
                for chunk in stride(from: 0, to: rows.count, by: 500) {
                    let slice = rows[chunk..<min(rows.count, chunk + 500)]
                    try onRows(try slice.map { e throws(ProviderError) -> SkillsoftReportRow in
                        guard let row = SkillsoftMapper.row(from: e) else {
                            throw session.error(pollURL, .malformedPage(url: pollURL, reason: "a report row has no contentUuid"))
                        }
                        return row
                    })
                }
                return
            }
            if let status = json[F.reportStatus]?.string?.uppercased(), F.reportFailed.contains(status) {
                throw session.error(pollURL, .unexpectedResponse(status: 200, message: "the learning activity report failed (\(status))"))
            }
        }
        throw session.error(pollURL, .timeout)
    }
}
