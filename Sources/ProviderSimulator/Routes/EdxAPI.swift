import CourseBridgeCore

/// edX's enterprise API (providers.md §3) under `/edx`.
extension SimulatorEngine {
    func edx(_ request: SimRequest, _ path: [String]) -> SimResponse {
        switch (request.method, path) {
        case ("POST", ["oauth2", "v1", "access_token"]):
            return edxToken(request)
        case ("GET", ["enterprise", "v2", "enterprise-catalogs"]):
            if let refused = unauthorized(.edx, request) { return refused }
            let results = SimulatedCatalog.edxCatalogs.map { c -> JSONValue in
                ["uuid": .string(c.uuid), "title": .string(c.title),
                 "enterprise_customer": .string(SimulatedCatalog.edxEnterpriseCustomer)]
            }
            return .json(["count": .int(results.count), "next": .null, "previous": .null, "results": .array(results)])
        case ("GET", let p) where p.count == 4 && p[0] == "enterprise" && p[1] == "v2" && p[2] == "enterprise-catalogs":
            return edxCatalog(request, uuid: p[3])
        case ("GET", let p) where p.count == 5 && p[0] == "enterprise" && p[1] == "v1"
            && p[2] == "enterprise-customer" && p[4] == "learner-progress":
            return edxProgress(request, enterprise: p[3])
        default:
            return ProviderErrors.notFound(.edx, request.path)
        }
    }

    private func edxToken(_ request: SimRequest) -> SimResponse {
        let form = request.form
        guard form["grant_type"] == "client_credentials" else {
            return .json(["error": "unsupported_grant_type"], status: 400)
        }
        guard !refusesCredentials(.edx), form["client_id"] == credentials.edxClientId,
              form["client_secret"] == credentials.edxClientSecret else {
            return .json(["error": "invalid_client"], status: 401)
        }
        return .json(["access_token": .string(issueToken(.edx)), "token_type": "JWT", "expires_in": "36000",
                      "scope": "read write profile email"])
    }

    /// DRF `page`/`limit` (or `page_size`) parameters, checked.
    private func drfWindow(_ request: SimRequest, defaultSize: Int) -> (page: Int, size: Int)? {
        guard let page = request.int("page", default: 1),
              let size = request.query["limit"].map(Int.init) ?? request.int("page_size", default: defaultSize),
              page >= 1, size >= 1, size <= 10_000 else { return nil }
        return (page, size)
    }

    private func edxCatalog(_ request: SimRequest, uuid: String) -> SimResponse {
        if let refused = unauthorized(.edx, request) { return refused }
        guard let catalogIndex = SimulatedCatalog.edxCatalogs.firstIndex(where: { $0.uuid == uuid }) else {
            return ProviderErrors.response(.edx, status: 404, message: "Not found.")
        }
        guard let w = drfWindow(request, defaultSize: 100) else {
            return ProviderErrors.badRequest(.edx, "page and limit must be positive numbers")
        }
        return page(.edx, request, page: w.page) { catalog in
            let listing = listing(ListingQuery(provider: .edx, variant: .edxCatalog(catalogIndex)), on: catalog)
            let start = (w.page - 1) * w.size
            guard start < max(1, listing.total) else { return ProviderErrors.response(.edx, status: 404, message: "Invalid page.") }
            let results = listing.indices(from: start, count: w.size).map { Self.edxResult(catalog.item(at: $0, for: .edx)) }
            let base = "\(request.origin)/edx/enterprise/v2/enterprise-catalogs/\(uuid)/?limit=\(w.size)&page="
            return .json(Self.drfPage(results, page: w.page, size: w.size, total: listing.total, base: base))
        }
    }

    private func edxProgress(_ request: SimRequest, enterprise: String) -> SimResponse {
        if let refused = unauthorized(.edx, request) { return refused }
        guard enterprise == SimulatedCatalog.edxEnterpriseCustomer else {
            return ProviderErrors.response(.edx, status: 404, message: "Not found.")
        }
        guard let w = drfWindow(request, defaultSize: 100) else {
            return ProviderErrors.badRequest(.edx, "page and page_size must be positive numbers")
        }
        return page(.edx, request, page: w.page) { catalog in
            let total = catalog.enrollmentCount
            let start = (w.page - 1) * w.size
            guard start < max(1, total) else { return ProviderErrors.response(.edx, status: 404, message: "Invalid page.") }
            let rows = (start..<min(total, start + w.size)).map { Self.edxProgressRow(catalog.enrollment($0, for: .edx)) }
            let base = "\(request.origin)/edx/enterprise/v1/enterprise-customer/\(enterprise)/learner-progress?page_size=\(w.size)&page="
            return .json(Self.drfPage(rows, page: w.page, size: w.size, total: total, base: base))
        }
    }

    // MARK: - Rendering

    static func drfPage(_ results: [JSONValue], page: Int, size: Int, total: Int, base: String) -> JSONValue {
        let hasNext = page * size < total
        return ["count": .int(total),
                "next": hasNext ? .string(base + String(page + 1)) : .null,
                "previous": page > 1 ? .string(base + String(page - 1)) : .null,
                "results": .array(results)]
    }

    static func edxResult(_ item: SimulatedItem) -> JSONValue {
        let level = ["BEGINNER": "Introductory", "INTERMEDIATE": "Intermediate"][item.difficulty] ?? "Advanced"
        let runKey = item.providerId.hasPrefix("course-v1:") ? item.providerId
            : "course-v1:\(item.providerId)+2T2025"
        let language = item.language == "en" ? "en-us" : item.language
        return [
            "content_type": .string(item.rawType),
            "key": .string(item.providerId),
            "uuid": .string(item.secondaryId),
            "title": .string(item.title),
            "short_description": .string("<p>\(item.description.prefix(90))</p>"),
            "full_description": .string("<p>\(item.description)</p>"),
            "image": ["src": .string(item.thumbnailURL)],
            "owners": .array(item.authors.map { ["name": .string($0)] }),
            "level_type": .string(level),
            "subjects": .array(item.subjects.map { ["name": .string($0)] }),
            "modified": .string(ISODate.string(item.lastUpdatedAt)),
            "course_runs": [[
                "key": .string(runKey), "content_language": .string(language),
                "estimated_hours": .int(max(1, item.durationSeconds / 3600)),
                "availability": "Current", "status": "published",
            ]],
            "marketing_url": .string(item.launchURL),
        ]
    }

    static func edxProgressRow(_ e: SimulatedEnrollment) -> JSONValue {
        [
            "lms_user_email": .string(e.email),
            "course_key": .string(e.item.providerId),
            "is_passed": .bool(e.isCompleted),
            "completed_date": .optional(e.completedAt.map(ISODate.string)),
            "last_activity_date": .string(ISODate.string(e.lastActivityAt)),
            "progress_status": .string(e.isCompleted ? "Passed" : "In Progress"),
        ]
    }
}
