import CourseBridgeCore
import Foundation

/// Coursera's enterprise API (providers.md §2) under `/coursera`.
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
        return page(.coursera, request, page: w.start / w.count + 1) { catalog in
            let listing = listing(ListingQuery(provider: .coursera, variant: variant), on: catalog)
            let elements = listing.indices(from: w.start, count: w.count).map {
                Self.courseraElement(catalog.item(at: $0, for: .coursera))
            }
            return .json(Self.courseraPage(elements, start: w.start, count: w.count, total: listing.total))
        }
    }

    private func courseraEnrollments(_ request: SimRequest) -> SimResponse {
        guard let w = window(request, .coursera, start: "start", count: "limit", defaultCount: 100) else {
            return ProviderErrors.badRequest(.coursera, "start and limit must be numbers, limit between 1 and 10000")
        }
        return page(.coursera, request, page: w.start / w.count + 1) { catalog in
            let total = catalog.enrollmentCount
            let rows = (w.start..<min(total, w.start + w.count)).map {
                Self.courseraEnrollment(catalog.enrollment($0, for: .coursera))
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

    static func courseraElement(_ item: SimulatedItem) -> JSONValue {
        let hours = max(1, item.durationSeconds / 3600)
        let workload: (String, JSONValue) = item.index % 3 == 0
            ? ("estimatedHours", .int(hours)) : ("workload", .string("\(hours)-\(hours + 2) hours"))
        return .object([
            ("id", .string(item.providerId)),
            ("contentType", .string(item.rawType)),
            ("name", .string(item.title)),
            ("description", .string(item.description)),
            ("photoUrl", .string(item.thumbnailURL)),
            ("instructors", .array(item.authors.map { ["name": .string($0)] })),
            ("partnerNames", [.string(WordLists.partners[item.index % WordLists.partners.count])]),
            workload,
            ("difficultyLevel", .string(item.difficulty)),
            ("languageCode", .string(item.language)),
            ("skills", .strings(item.skills)),
            ("lastUpdatedAt", .string(ISODate.string(item.lastUpdatedAt))),
            ("programs", .array(item.programIds.map { id in
                ["programId": .string(id), "contentUrl": .string("\(item.launchURL)?program=\(id)")]
            })),
        ])
    }

    static func courseraEnrollment(_ e: SimulatedEnrollment) -> JSONValue {
        [
            "email": .string(e.email),
            "externalId": .string(e.email),
            "contentId": .string(e.item.providerId),
            "contentType": .string(e.item.rawType),
            "overallProgress": .int(e.progressPercent),
            "isCompleted": .bool(e.isCompleted),
            "grade": e.scorePercent.map { .double(Double($0) / 100) } ?? .null,
            "lastActivityAt": .string(ISODate.string(e.lastActivityAt)),
            "completedAt": .optional(e.completedAt.map(ISODate.string)),
            "approxTotalCourseHrs": .int(max(1, e.item.durationSeconds / 3600)),
            "resources": .array(e.resources.map {
                ["id": .string($0.id), "name": .string($0.name), "timeSpentSeconds": .int($0.timeSpentSeconds)]
            }),
        ]
    }
}
