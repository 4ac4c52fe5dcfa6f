import CourseBridgeCore
import Foundation

/// Coursera's enterprise API under `/coursera`: contents carry `id` (`Course~<contentId>`) and
/// `contentId`, metadata under `extraMetadata.definition` and `partners[]`; dates are epoch
/// milliseconds (ISO 8601 strings with `--shapes legacy`), and so is `lastActivityAfter`.
extension SimulatorEngine {
    func coursera(_ request: SimRequest, _ path: [String]) -> SimResponse {
        switch (request.method, path) {
        case ("POST", ["oauth2", "client_credentials", "token"]):
            return courseraToken(request)
        case ("GET", let p) where p.count >= 4 && p[0] == "ent" && p[1] == "api" && p[2] == "businesses.v1":
            return courseraOrg(request, orgId: p[3], rest: Array(p.dropFirst(4)))
        default:
            return ProviderErrors.notFound(.coursera, request.path)
        }
    }

    private func courseraToken(_ request: SimRequest) -> SimResponse {
        guard request.form["grant_type"] == "client_credentials" else {
            return .json(["error": "unsupported_grant_type"], status: 400)
        }
        let basic = request.authorization(scheme: "Basic")
            .flatMap { Data(base64Encoded: $0) }
            .map { String(decoding: $0, as: UTF8.self) }
        guard !refusesCredentials(.coursera),
              basic == "\(credentials.courseraClientId):\(credentials.courseraClientSecret)" else {
            return .json(["error": "invalid_client", "error_description": "Bad client credentials"], status: 401)
        }
        return .json(["access_token": .string(issueToken(.coursera)), "token_type": "Bearer", "expires_in": 1799])
    }

    private func courseraOrg(_ request: SimRequest, orgId: String, rest: [String]) -> SimResponse {
        if let refused = unauthorized(.coursera, request) { return refused }
        if orgId == SimulatorCredentials.courseraUnentitledOrgId {
            return ProviderErrors.response(.coursera, status: 403, message: "This application is not entitled to organization \(orgId)")
        }
        guard orgId == credentials.courseraOrgId else {
            return ProviderErrors.response(.coursera, status: 404, message: "Unknown organization \(orgId)")
        }
        switch rest {
        case []:
            return .json(["id": .string(orgId), "name": "Simulated University Partners"])
        case ["programs"]:
            let programs = SimulatedCatalog.courseraPrograms.map { p -> JSONValue in
                ["id": .string(p.id), "name": .string(p.name), "slug": .string(p.slug)]
            }
            return .json(["elements": .array(programs), "paging": ["total": .int(programs.count)]])
        case ["contents"]:
            return courseraContents(request, orgId: orgId)
        case ["enrollmentReports"]:
            return courseraEnrollments(request)
        default:
            return ProviderErrors.notFound(.coursera, request.path)
        }
    }

    private func courseraContents(_ request: SimRequest, orgId: String) -> SimResponse {
        guard let w = window(request, .coursera, start: "start", count: "limit", defaultCount: 100) else {
            return ProviderErrors.badRequest(.coursera, "start and limit must be numbers, limit between 1 and 10000")
        }
        var variant = ListingVariant.all
        if let program = request.query["programId"] {
            guard SimulatedCatalog.courseraPrograms.contains(where: { $0.id == program }) else {
                return ProviderErrors.response(.coursera, status: 404, message: "Unknown program \(program)")
            }
            variant = .courseraProgram(program)
        }
        // Changes since a time in epoch milliseconds: contents added or changed; retired ones are simply absent.
        var fromDay: Int?
        if let raw = request.query["modifiedSinceTimestamp"] {
            guard let ms = Int64(raw) else {
                return ProviderErrors.badRequest(.coursera, "modifiedSinceTimestamp must be a time in epoch milliseconds")
            }
            fromDay = changedFromDay(since: Date(timeIntervalSince1970: Double(ms) / 1000))
        }
        return page(.coursera, request, page: w.start / w.count + 1) { catalog in
            let listing = listing(ListingQuery(provider: .coursera, variant: variant, changedFromDay: fromDay), on: catalog)
            let elements = listing.indices(from: w.start, count: w.count).map {
                courseraElement(catalog.item(at: $0, for: .coursera))
            }
            return .json(Self.courseraPage(elements, start: w.start, count: w.count, total: listing.total))
        }
    }

    private func courseraEnrollments(_ request: SimRequest) -> SimResponse {
        guard let w = window(request, .coursera, start: "start", count: "limit", defaultCount: 100) else {
            return ProviderErrors.badRequest(.coursera, "start and limit must be numbers, limit between 1 and 10000")
        }
        // An integer number of milliseconds, as the spec-derived mock validates it (legacy: ISO 8601 too).
        if let after = request.query["lastActivityAfter"], Int64(after) == nil,
           options.shapes == .documented || (try? Date.ISO8601FormatStyle().parse(after)) == nil {
            return ProviderErrors.badRequest(.coursera, "lastActivityAfter must be a time in epoch milliseconds")
        }
        return page(.coursera, request, page: w.start / w.count + 1) { catalog in
            let total = catalog.enrollmentCount
            let rows = (w.start..<min(total, w.start + w.count)).map {
                courseraEnrollment(catalog.enrollment($0, for: .coursera))
            }
            return .json(Self.courseraPage(rows, start: w.start, count: w.count, total: total))
        }
    }

    // MARK: - Rendering

    static func courseraPage(_ elements: [JSONValue], start: Int, count: Int, total: Int) -> JSONValue {
        var paging: [(String, JSONValue)] = []
        if start + count < total { paging.append(("next", .string(String(start + count)))) }
        paging.append(("total", .int(total)))
        return ["elements": .array(elements), "paging": .object(paging)]
    }

    /// A time as this run's shapes write it: epoch milliseconds, or ISO 8601 in legacy shapes.
    private func courseraTime(_ date: Date) -> JSONValue {
        options.shapes == .legacy ? .string(ISODate.string(date)) : .int(ISODate.epochMillis(date))
    }

    func courseraElement(_ item: SimulatedItem) -> JSONValue {
        let hours = max(1, item.durationSeconds / 3600)
        return .object([
            ("id", .string("\(item.rawType)~\(item.providerId)")),
            ("contentId", .string(item.providerId)),
            ("contentType", .string(item.rawType)),
            ("name", .string(item.title)),
            ("slug", .string(item.title.lowercased().split(separator: " ").joined(separator: "-"))),
            ("description", .string(item.description)),
            ("instructors", .array(item.authors.map { ["name": .string($0)] })),
            ("partners", [["name": .string(WordLists.partners[item.index % WordLists.partners.count])]]),
            ("difficultyLevel", .string(item.difficulty)),
            ("languageCode", .string(item.language)),
            ("lastUpdatedAt", courseraTime(item.lastUpdatedAt)),
            ("extraMetadata", ["typeName": "courseMetadata", "definition": [
                "promoPhoto": .string(item.thumbnailURL),
                "estimatedLearningTime": .int(hours * 3600),
                "skills": .array(item.skills.map { ["skillName": .string($0), "skillId": .string($0.lowercased())] }),
            ]]),
            ("programs", .array(item.programIds.map { id in
                ["programId": .string(id), "contentUrl": .string("\(item.launchURL)?program=\(id)")]
            })),
        ])
    }

    func courseraEnrollment(_ e: SimulatedEnrollment) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("email", .string(e.email)),
            ("externalId", .string(e.email)),
            ("contentId", .string(e.item.providerId)),
            ("contentType", .string(e.item.rawType)),
            ("overallProgress", .int(e.progressPercent)),
            ("isCompleted", .bool(e.isCompleted)),
            ("enrolledAt", courseraTime(e.firstAccessAt)),
            ("lastActivityAt", courseraTime(e.lastActivityAt)),
            ("approxTotalCourseHrs", .int(max(1, e.item.durationSeconds / 3600))),
            ("resources", .array(e.resources.map {
                ["id": .string($0.id), "name": .string($0.name), "timeSpentSeconds": .int($0.timeSpentSeconds)]
            })),
        ]
        // As in the spec-derived mock, `completedAt` and `grade` come with a completion only.
        if let completedAt = e.completedAt { fields.append(("completedAt", courseraTime(completedAt))) }
        if e.isCompleted { fields.append(("grade", e.scorePercent.map { JSONValue.double(Double($0) / 100) } ?? .null)) }
        return .object(fields)
    }
}
