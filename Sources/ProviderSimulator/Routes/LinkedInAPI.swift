import CourseBridgeCore
import Foundation

/// LinkedIn Learning (providers.md §1) under `/linkedin`.
extension SimulatorEngine {
    func linkedin(_ request: SimRequest, _ path: [String]) -> SimResponse {
        switch (request.method, path) {
        case ("POST", ["oauth", "v2", "accessToken"]):
            return linkedinToken(request)
        case ("GET", ["v2", "learningAssets"]):
            return linkedinAssets(request)
        default:
            return ProviderErrors.notFound(.linkedin, request.path)
        }
    }

    private func linkedinToken(_ request: SimRequest) -> SimResponse {
        let form = request.form
        guard form["grant_type"] == "client_credentials" else {
            return .json(["error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"],
                         status: 400)
        }
        guard !refusesCredentials(.linkedin), form["client_id"] == credentials.linkedinClientId,
              form["client_secret"] == credentials.linkedinClientSecret else {
            return .json(["error": "invalid_client", "error_description": "Client authentication failed"], status: 401)
        }
        return .json(["access_token": .string(issueToken(.linkedin)), "expires_in": 7_775_999])
    }

    private func linkedinAssets(_ request: SimRequest) -> SimResponse {
        let q = request.query
        if q["q"] == "criteria" { return linkedinCriteria(request) }
        guard q["q"] == "localeAndType" else { return ProviderErrors.badRequest(.linkedin, "q must be localeAndType or criteria") }
        guard let language = q["sourceLocale.language"], let country = q["sourceLocale.country"],
              let locale = LinkedInLocales.index(language: language, country: country) else {
            return ProviderErrors.badRequest(.linkedin, "sourceLocale.language and sourceLocale.country must name a supported locale")
        }
        guard let window = window(request, .linkedin, start: "start", count: "count", defaultCount: 10) else {
            return ProviderErrors.badRequest(.linkedin, "start and count must be numbers, count between 1 and 10000")
        }
        let includeRetired = q["includeRetired"] == "true"
        let assetType = q["assetType"] ?? "COURSE"
        return page(.linkedin, request, page: window.start / window.count + 1) { catalog in
            let listing = listing(ListingQuery(provider: .linkedin,
                                               variant: .linkedinLocale(locale, includeRetired: includeRetired)),
                                  on: catalog)
            var items = listing.indices(from: window.start, count: window.count).map { catalog.item(at: $0, for: .linkedin) }
            if options.shapes == .documented {
                // Documented: the collection is paged before `assetType` filters it, so a page holds fewer
                // elements than `count` and `total` counts what was filtered out. Never an empty page with a
                // `next` link, though (a client may stop there, as Totara's does).
                let courses = items.filter { $0.rawType == assetType }
                let more = window.start + window.count < listing.total
                items = courses.isEmpty && more ? Array(items.prefix(1)) : courses
            }
            let documented = options.shapes == .documented
            let elements = items.map { Self.linkedinElement($0, publisher: documented) }
            var links: [JSONValue] = []
            func href(_ start: Int) -> JSONValue {
                .string("/linkedin/v2/learningAssets?q=localeAndType&assetType=\(assetType)&sourceLocale.language=\(language)"
                    + "&sourceLocale.country=\(country)&expandDepth=\(q["expandDepth"] ?? "1")"
                    + "&includeRetired=\(includeRetired)&start=\(start)&count=\(window.count)")
            }
            if window.start > 0 {
                links.append(["rel": "prev", "href": href(max(0, window.start - window.count)), "type": "application/json"])
            }
            if window.start + window.count < listing.total {
                links.append(["rel": "next", "href": href(window.start + window.count), "type": "application/json"])
            }
            return .json(["elements": .array(elements),
                          "paging": ["start": .int(window.start), "count": .int(window.count),
                                     "total": .int(listing.total), "links": .array(links)]])
        }
    }

    // MARK: - The criteria finder (changes since a time)

    /// `q=criteria` with `assetFilteringCriteria.lastModifiedAfter` (epoch ms), `assetTypes[0]`, `locales[i]`, and
    /// `assetRetrievalCriteria.includeRetired`: every locale in one listing (as the Moodle and Totara clients read it).
    private func linkedinCriteria(_ request: SimRequest) -> SimResponse {
        let q = request.query
        guard let window = window(request, .linkedin, start: "start", count: "count", defaultCount: 10) else {
            return ProviderErrors.badRequest(.linkedin, "start and count must be numbers, count between 1 and 10000")
        }
        var after: Int64?
        if let raw = q["assetFilteringCriteria.lastModifiedAfter"] {
            guard let ms = Int64(raw) else {
                return ProviderErrors.badRequest(.linkedin, "assetFilteringCriteria.lastModifiedAfter must be a time in epoch milliseconds")
            }
            after = ms
        }
        var locales = Set<Int>()
        var i = 0
        while let language = q["assetFilteringCriteria.locales[\(i)].language"] {
            let country = q["assetFilteringCriteria.locales[\(i)].country"]
            for (index, locale) in LinkedInLocales.all.enumerated()
            where locale.language == language.lowercased() && (country == nil || locale.country == country!.uppercased()) {
                locales.insert(index)
            }
            i += 1
        }
        let assetType = q["assetFilteringCriteria.assetTypes[0]"] ?? "COURSE"
        let includeRetired = q["assetRetrievalCriteria.includeRetired"] == "true"
        let fromDay = after.map { changedFromDay(since: Date(timeIntervalSince1970: Double($0) / 1000)) }
        return page(.linkedin, request, page: window.start / window.count + 1) { catalog in
            let listing = listing(ListingQuery(provider: .linkedin, variant: .all, changedFromDay: fromDay), on: catalog)
            // The finder pages over its own filtered result (locale, type, retired), so filter before paging.
            let matching = listing.indices(from: 0, count: listing.total).filter { index in
                let item = catalog.item(at: index, for: .linkedin)
                return item.rawType == assetType && (includeRetired || !item.isRetired)
                    && (locales.isEmpty || locales.contains(LinkedInLocales.index(language: item.language, country: item.country) ?? -1))
            }
            let slice = matching.dropFirst(window.start).prefix(window.count)
            let elements = slice.map { Self.linkedinElement(catalog.item(at: $0, for: .linkedin), publisher: options.shapes == .documented) }
            var links: [JSONValue] = []
            if window.start + window.count < matching.count {
                var next = request.query.filter { $0.key != "start" }.map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }.sorted()
                next.append("start=\(window.start + window.count)")
                links.append(["rel": "next", "href": .string("/linkedin/v2/learningAssets?" + next.joined(separator: "&")),
                              "type": "application/json"])
            }
            return .json(["elements": .array(Array(elements)),
                          "paging": ["start": .int(window.start), "count": .int(window.count),
                                     "total": .int(matching.count), "links": .array(links)]])
        }
    }

    // MARK: - Rendering

    /// `publisher`: list LinkedIn as a PUBLISHER contributor after the authors (the documented shape).
    static func linkedinElement(_ item: SimulatedItem, publisher: Bool = false) -> JSONValue {
        let locale: JSONValue = ["language": .string(item.language), "country": .string(item.country)]
        var classifications: [JSONValue] = []
        func add(_ type: String, _ name: String) {
            let id = abs(name.hashValueStable) % 100_000
            classifications.append(["associatedClassification": [
                "urn": .string("urn:li:lyndaCategory:\(id)"), "type": .string(type),
                "name": ["value": .string(name), "locale": locale]]])
        }
        add("LIBRARY", item.categories[0])
        item.subjects.forEach { add("SUBJECT", $0) }
        item.categories.dropFirst().forEach { add("TOPIC", $0) }
        item.skills.forEach { add("SKILL", $0) }
        let inMinutes = item.index % 2 == 1
        return [
            "urn": .string(item.providerId),
            "type": .string(item.rawType),
            "title": ["value": .string(item.title), "locale": locale],
            "details": [
                "description": ["value": .string(item.description), "locale": locale],
                "shortDescription": ["value": .string(String(item.description.prefix(80))), "locale": locale],
                "images": ["primary": .string(item.thumbnailURL)],
                "contributors": .array(item.authors.map { ["name": ["value": .string($0)], "contributionType": "AUTHOR"] }
                    + (publisher ? [["name": ["value": "LinkedIn Learning"], "contributionType": "PUBLISHER"]] : [])),
                "timeToComplete": ["duration": .int(inMinutes ? max(1, item.durationSeconds / 60) : item.durationSeconds),
                                   "unit": .string(inMinutes ? "MINUTE" : "SECOND")],
                "level": .string(item.difficulty),
                "availableLocales": [locale],
                "publishedAt": .int(ISODate.epochMillis(item.publishedAt)),
                "lastUpdatedAt": .int(ISODate.epochMillis(item.lastUpdatedAt)),
                "availability": .string(item.isRetired ? "RETIRED" : "AVAILABLE"),
                "retiredAt": item.retiredAt.map { JSONValue.int(ISODate.epochMillis($0)) } ?? JSONValue.null,
                "classifications": .array(classifications),
                "urls": ["webLaunch": .string(item.launchURL), "ssoLaunch": .string(item.launchURL + "?sso=1")],
            ],
        ]
    }
}

extension SimulatorEngine {
    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is randomly seeded).
    var hashValueStable: Int {
        Int(truncatingIfNeeded: utf8.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 } >> 1)
    }
}
