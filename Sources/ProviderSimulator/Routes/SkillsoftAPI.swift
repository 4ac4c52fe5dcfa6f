import CourseBridgeCore
import Foundation

/// Skillsoft Percipio (providers.md §4) under `/skillsoft`.
extension SimulatorEngine {
    func skillsoft(_ request: SimRequest, _ path: [String]) -> SimResponse {
        guard path.count >= 5, path[2] == "organizations" else { return ProviderErrors.notFound(.skillsoft, request.path) }
        if let refused = unauthorized(.skillsoft, request) { return refused }
        let orgId = path[3]
        if orgId != credentials.skillsoftOrgId {
            let looksLikeOrg = orgId.count == 36 && orgId.filter({ $0 == "-" }).count == 4
            return ProviderErrors.response(.skillsoft, status: looksLikeOrg ? 403 : 404,
                                           message: "Organization \(orgId) is not accessible with this token")
        }
        switch (request.method, path[0], path[1], Array(path.dropFirst(4))) {
        case ("GET", "content-discovery", "v2", ["catalog-content"]):
            return skillsoftCatalog(request, orgId: orgId)
        case ("POST", "reporting", "v1", ["report-requests", "learning-activity"]):
            let id = state.withLock { s -> String in
                var h = SeededHash(seed: options.seed, salt: "report", s.skillsoftReports.count)
                let id = h.uuid()
                s.skillsoftReports[id] = (s.catalog.day, 0)
                return id
            }
            return .json(["id": .string(id), "status": "PENDING"], status: 202)
        case ("GET", "reporting", "v1", let rest) where rest.count == 2 && rest[0] == "report-requests":
            return skillsoftReport(request, id: rest[1])
        default:
            return ProviderErrors.notFound(.skillsoft, request.path)
        }
    }

    private func skillsoftCatalog(_ request: SimRequest, orgId: String) -> SimResponse {
        guard let w = window(request, .skillsoft, start: "offset", count: "max", defaultCount: 1000) else {
            return ProviderErrors.badRequest(.skillsoft, "offset and max must be numbers, max between 1 and 10000")
        }
        // A paging request is a snapshot: later pages read the day the listing started on.
        let snapshot: (id: String, day: Int)? = state.withLock { s in
            if let id = request.query["pagingRequestId"] {
                return s.skillsoftPagingRequests[id].map { (id, $0) }
            }
            var h = SeededHash(seed: options.seed, salt: "paging", s.skillsoftPagingRequests.count)
            let id = h.uuid()
            s.skillsoftPagingRequests[id] = s.catalog.day
            return (id, s.catalog.day)
        }
        guard let snapshot else { return ProviderErrors.badRequest(.skillsoft, "Unknown pagingRequestId") }
        // `updatedSince` (ISO 8601): items created, changed or retired since; expired licences are not changes.
        var fromDay: Int?
        if let raw = request.query["updatedSince"] {
            guard let since = (try? Date.ISO8601FormatStyle().parse(raw))
                    ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(raw)) else {
                return ProviderErrors.badRequest(.skillsoft, "updatedSince must be an ISO 8601 date-time")
            }
            fromDay = changedFromDay(since: since)
        }
        return page(.skillsoft, request, page: w.start / w.count + 1) { current in
            let catalog = current.onDay(snapshot.day)
            let listing = listing(ListingQuery(provider: .skillsoft, variant: .all, changedFromDay: fromDay), on: catalog)
            let items = listing.indices(from: w.start, count: w.count).map {
                Self.skillsoftItem(catalog.item(at: $0, for: .skillsoft))
            }
            let lastOffset = max(0, (listing.total - 1) / w.count * w.count)
            let base = "\(request.origin)/skillsoft/content-discovery/v2/organizations/\(orgId)/catalog-content"
            func link(_ offset: Int, _ rel: String) -> String {
                "<\(base)?offset=\(offset)&max=\(w.count)&pagingRequestId=\(snapshot.id)>; rel=\"\(rel)\""
            }
            if options.shapes == .legacy {
                return .json(.array(items), headers: [
                    ("x-total-count", String(listing.total)),
                    ("x-paging-request-id", snapshot.id),
                    ("link", link(lastOffset, "last")),
                ])
            }
            // Documented (the swagger has no x-total-count): `link` headers say where the listing goes.
            var links = [link(lastOffset, "last")]
            if w.start + w.count < listing.total { links.insert(link(w.start + w.count, "next"), at: 0) }
            return .json(.array(items), headers: [
                ("x-paging-request-id", snapshot.id),
                ("link", links.joined(separator: ", ")),
            ])
        }
    }

    private func skillsoftReport(_ request: SimRequest, id: String) -> SimResponse {
        let report: (day: Int, polls: Int)? = state.withLock { s in
            guard var r = s.skillsoftReports[id] else { return nil }
            r.polls += 1
            s.skillsoftReports[id] = r
            return r
        }
        guard let report else { return ProviderErrors.response(.skillsoft, status: 404, message: "Unknown report request \(id)") }
        let documented = options.shapes == .documented
        if documented {
            // While the report builds, Percipio answers an empty body, then a status object.
            if report.polls == 1 { return SimResponse(status: 200, headers: [("Content-Type", "application/json")], body: "") }
            if report.polls == 2 { return .json(["id": .string(id), "status": "IN_PROGRESS"]) }
        } else if report.polls == 1 {
            return .json(["id": .string(id), "status": "PENDING"])
        }
        return page(.skillsoft, request, page: 1) { current in
            let catalog = current.onDay(report.day)
            return .json(.array((0..<catalog.enrollmentCount).map {
                Self.skillsoftRow(catalog.enrollment($0, for: .skillsoft), documented: documented)
            }))
        }
    }

    // MARK: - Rendering

    static func localeCode(_ language: String) -> String {
        let country = LinkedInLocales.all.first { $0.language == language }?.country ?? language.uppercased()
        return "\(language)-\(country)"
    }

    static func skillsoftItem(_ item: SimulatedItem) -> JSONValue {
        let primary = "\(item.language)-\(item.country)"
        let metadata: [JSONValue] = [["localeCode": .string(primary), "title": .string(item.title),
                                      "description": .string(item.description)]]
            + item.translations.map { ["localeCode": .string(localeCode($0.language)), "title": .string($0.title),
                                       "description": .string($0.description)] }
        let type = item.rawType
        let category = ["COURSE": "Course", "BOOK": "Book", "AUDIOBOOK": "Audiobook", "CHANNEL": "Channel",
                        "JOURNEY": "Journey", "LINKED_CONTENT": "Linked Content", "ASSESSMENT": "Assessment",
                        "BENCHMARK": "Skill Benchmark"][type] ?? "Other"
        let xapiType = type == "ASSESSMENT" || type == "BENCHMARK" ? "assessment" : type.lowercased()
        return [
            "id": .string(item.providerId),
            "xapiActivityId": .string("https://xapi.percipio.com/xapi/\(xapiType)/\(item.providerId)"),
            "code": .string(item.secondaryId),
            "localizedMetadata": .array(metadata),
            "localeCodes": .strings([primary] + item.translations.map { localeCode($0.language) }),
            "imageUrl": .string(item.thumbnailURL),
            "by": .strings(item.authors),
            "duration": .string(ISODate.duration(item.durationSeconds)),
            "expertiseLevels": .strings([item.difficulty]),
            "contentType": ["percipioType": .string(type), "category": .string(category.uppercased()),
                            "displayLabel": .string(category)],
            "lifecycle": [
                "status": .string(item.isRetired ? "RETIRED" : "ACTIVE"),
                "publishDate": .string(ISODate.string(item.publishedAt)),
                "lastUpdatedDate": .string(ISODate.string(item.lastUpdatedAt)),
                "retiredDate": item.isRetired ? .string(ISODate.string(item.lastUpdatedAt)) : .null,
            ],
            "associations": [
                "areas": .strings([item.categories[0]]),
                "subjects": .strings(item.subjects),
                "channels": .array([]),
                "translationGroupId": item.translations.isEmpty ? .null : .string("tg-\(item.secondaryId)"),
            ],
            "link": .string(item.launchURL),
        ]
    }

    /// The word the report uses for a finished item of this type (`documented`), else `Completed`.
    static func completedStatus(_ rawType: String, documented: Bool) -> String {
        guard documented else { return "Completed" }
        switch rawType {
        case "BOOK": return "Read"
        case "AUDIOBOOK": return "Listened"
        case "VIDEO": return "Watched"
        case "ASSESSMENT", "BENCHMARK": return "Achieved"
        default: return "Completed"
        }
    }

    static func skillsoftRow(_ e: SimulatedEnrollment, documented: Bool = false) -> JSONValue {
        let seconds = e.timeSpentSeconds
        let hms = String(format: "%02d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60)
        return [
            "userId": .string(e.email),
            "emailAddress": .string(e.email),
            "userUuid": .string("user-\(e.learner)"),
            "contentUuid": .string(e.item.providerId),
            "contentId": .string(e.item.secondaryId),
            "contentTitle": .string(e.item.title),
            "contentType": .string(e.item.rawType.capitalized),
            "languageCode": .string("\(e.item.language)-\(e.item.country)"),
            "status": .string(e.isCompleted ? completedStatus(e.item.rawType, documented: documented) : "Started"),
            "completedDate": .optional(e.completedAt.map(ISODate.string)),
            "firstAccess": .string(ISODate.string(e.firstAccessAt)),
            "lastAccess": .string(ISODate.string(e.lastActivityAt)),
            "duration": .string(String(seconds)),
            "durationHms": .string(hms),
            "estimatedDuration": .string(String(e.item.durationSeconds)),
            "totalAccesses": .string(String(e.accesses)),
            "lastScore": e.scorePercent.map { .int($0) } ?? .null,
        ]
    }
}
