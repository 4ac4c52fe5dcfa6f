import CourseBridgeCore
import Foundation

/// edX's enterprise API under `/edx`, as its gateway serves it: `page`/`page_size` only, `next` and
/// `previous` written as strings (`""` at the ends; null with `--shapes legacy`), learner data from the
/// v3 learner summary (the v1 learner-progress path 404s, as it does for real).
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
            return .json(["count": .int(results.count), "next": edxNoLink, "previous": edxNoLink, "results": .array(results)])
        case ("GET", let p) where p.count == 4 && p[0] == "enterprise" && p[1] == "v2" && p[2] == "enterprise-catalogs":
            return edxCatalog(request, uuid: p[3])
        case ("GET", let p) where p.count == 5 && p[0] == "enterprise" && p[1] == "v3"
            && p[2] == "enterprise-customer" && p[4] == "learner-summary":
            return edxLearnerSummary(request, enterprise: p[3])
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

    /// `next`/`previous` when there is no such page: the gateway template writes a string.
    var edxNoLink: JSONValue { options.shapes == .legacy ? .null : "" }

    /// DRF `page`/`page_size`, checked. A `limit` is ignored: the gateway does not forward it.
    private func drfWindow(_ request: SimRequest, defaultSize: Int, maxSize: Int) -> (page: Int, size: Int)? {
        guard let page = request.int("page", default: 1), let size = request.int("page_size", default: defaultSize),
              page >= 1, size >= 1 else { return nil }
        return (page, min(size, maxSize))
    }

    private func edxCatalog(_ request: SimRequest, uuid: String) -> SimResponse {
        if let refused = unauthorized(.edx, request) { return refused }
        guard let catalogIndex = SimulatedCatalog.edxCatalogs.firstIndex(where: { $0.uuid == uuid }) else {
            return ProviderErrors.response(.edx, status: 404, message: "Not found.")
        }
        // The documented default page is 20 courses; the paginator caps page_size at 100.
        guard let w = drfWindow(request, defaultSize: 20, maxSize: 100) else {
            return ProviderErrors.badRequest(.edx, "page and page_size must be positive numbers")
        }
        return page(.edx, request, page: w.page) { catalog in
            let listing = listing(ListingQuery(provider: .edx, variant: .edxCatalog(catalogIndex)), on: catalog)
            let start = (w.page - 1) * w.size
            guard start < max(1, listing.total) else { return ProviderErrors.response(.edx, status: 404, message: "Invalid page.") }
            let results = listing.indices(from: start, count: w.size).map {
                Self.edxResult(catalog.item(at: $0, for: .edx), catalog: uuid)
            }
            let base = "\(request.origin)/edx/enterprise/v2/enterprise-catalogs/\(uuid)/?page_size=\(w.size)&page="
            return .json(drfPage(results, page: w.page, size: w.size, total: listing.total, base: base))
        }
    }

    private func edxLearnerSummary(_ request: SimRequest, enterprise: String) -> SimResponse {
        if let refused = unauthorized(.edx, request) { return refused }
        guard enterprise == SimulatedCatalog.edxEnterpriseCustomer else {
            return ProviderErrors.response(.edx, status: 404, message: "Not found.")
        }
        // The learner summary's paginator: 10 rows by default, up to 1000.
        guard let w = drfWindow(request, defaultSize: 10, maxSize: 1000) else {
            return ProviderErrors.badRequest(.edx, "page and page_size must be positive numbers")
        }
        return page(.edx, request, page: w.page) { catalog in
            let total = catalog.enrollmentCount
            let start = (w.page - 1) * w.size
            guard start < max(1, total) else { return ProviderErrors.response(.edx, status: 404, message: "Invalid page.") }
            let rows = (start..<min(total, start + w.size)).map {
                Self.edxLearnerSummaryRow(catalog.enrollment($0, for: .edx), enterprise: enterprise)
            }
            let base = "\(request.origin)/edx/enterprise/v3/enterprise-customer/\(enterprise)/learner-summary?page_size=\(w.size)&page="
            return .json(drfPage(rows, page: w.page, size: w.size, total: total, base: base))
        }
    }

    // MARK: - Rendering

    func drfPage(_ results: [JSONValue], page: Int, size: Int, total: Int, base: String) -> JSONValue {
        let hasNext = page * size < total
        return ["count": .int(total),
                "next": hasNext ? .string(base + String(page + 1)) : edxNoLink,
                "previous": page > 1 ? .string(base + String(page - 1)) : edxNoLink,
                "results": .array(results)]
    }

    /// A course as enterprise-catalog's `get_content_metadata` serves it.
    static func edxResult(_ item: SimulatedItem, catalog: String) -> JSONValue {
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
            "image": ["src": .string(item.thumbnailURL.replacingOccurrences(of: ".jpg", with: ".small.jpg"))],
            "image_url": .string(item.thumbnailURL),
            "card_image_url": .null,
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
            "enrollment_url": .string("\(item.launchURL)/enroll/?catalog=\(catalog)&utm_medium=enterprise"),
            "active": true,
        ]
    }

    /// A learner-summary row: the documented fields CourseBridge reads, and a few around them.
    static func edxLearnerSummaryRow(_ e: SimulatedEnrollment, enterprise: String) -> JSONValue {
        let runKey = e.item.providerId.hasPrefix("course-v1:") ? e.item.providerId : "course-v1:\(e.item.providerId)+2T2025"
        return [
            "enrollment_id": .int(1000 + e.row),
            "enterprise_customer_uuid": .string(enterprise),
            "user_email": .string(e.email),
            "user_username": .string("learner\(e.learner)"),
            "course_key": .string(e.item.providerId),
            "courserun_key": .string(runKey),
            "course_title": .string(e.item.title),
            "enrollment_date": .string(day(e.firstAccessAt)),
            "has_passed": .bool(e.isCompleted),
            "passed_date": .optional(e.completedAt.map(day)),
            "progress_status": .string(e.isCompleted ? "Passed" : "In Progress"),
            "last_activity_date": .string(day(e.lastActivityAt)),
            "current_grade": .double(Double(e.scorePercent ?? e.progressPercent / 2) / 100),
        ]
    }

    /// `YYYY-MM-DD`: the learner summary's dates carry no time.
    private static func day(_ date: Date) -> String { String(ISODate.string(date).prefix(10)) }
}
