import CourseBridgeCore
import Foundation
import Testing
@testable import CourseBridgeProviders

@Suite struct LinkedInCatalogTests {
    static let element = #"""
    {"urn":"urn:li:lyndaCourse:563322","type":"COURSE",
     "title":{"value":"Learning Swift","locale":{"language":"en","country":"US"}},
     "details":{"description":{"value":"Long text"},"shortDescription":{"value":"Short"},
       "images":{"primary":"https://img.test/1.png"},
       "contributors":[{"name":{"value":"Ada Lovelace"}},{"name":{"value":"Alan Turing"}}],
       "timeToComplete":{"duration":90,"unit":"MINUTE"},"level":"INTERMEDIATE",
       "availableLocales":[{"language":"en","country":"US"},{"language":"fr","country":"FR"}],
       "lastUpdatedAt":1700000000000,"publishedAt":1600000000000,"availability":"AVAILABLE",
       "classifications":[
         {"associatedClassification":{"urn":"urn:li:lyndaCategory:1","type":"LIBRARY","name":{"value":"Technology"}}},
         {"associatedClassification":{"urn":"urn:li:lyndaCategory:2","type":"SUBJECT","name":{"value":"Programming"}}},
         {"associatedClassification":{"urn":"urn:li:lyndaCategory:3","type":"TOPIC","name":{"value":"Swift"}}},
         {"associatedClassification":{"urn":"urn:li:skill:4","type":"SKILL","name":{"value":"iOS"}}}],
       "urls":{"webLaunch":"https://www.linkedin.com/learning/swift","ssoLaunch":"https://sso"}}}
    """#

    @Test func elementMapsEveryField() throws {
        let item = try #require(LinkedInItemMapper.item(from: try ProviderJSON.parse(Data(Self.element.utf8)), sourceLocale: "en_US"))
        #expect(item.providerId == "urn:li:lyndaCourse:563322")
        #expect(item.contentType == ContentType.course)
        #expect(item.title == "Learning Swift")
        #expect(item.description == "Long text")
        #expect(item.thumbnailURL == "https://img.test/1.png")
        #expect(item.authors == ["Ada Lovelace", "Alan Turing"])
        #expect(item.durationSeconds == 5400)
        #expect(item.difficulty == "intermediate")
        #expect(item.languages == ["en-us", "fr-fr"])
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(item.isRetired == false)
        #expect(item.subjects == ["Programming"])
        #expect(item.categories == ["Technology", "Programming", "Swift"])
        #expect(item.skills == ["iOS"])
        #expect(item.launchURL == "https://www.linkedin.com/learning/swift")
    }

    @Test func retiredAndSparseElements() throws {
        let text = #"{"urn":"urn:li:lyndaCourse:9","type":"COURSE","title":{"value":"Old"},"details":{"availability":"RETIRED","publishedAt":1000}}"#
        let item = try #require(LinkedInItemMapper.item(from: try ProviderJSON.parse(Data(text.utf8)), sourceLocale: "de_DE"))
        #expect(item.isRetired)
        #expect(item.languages == ["de-de"])
        #expect(item.lastUpdatedAt == Date(timeIntervalSince1970: 1))
    }

    @Test func localeFilterSelectsLocales() throws {
        func locales(_ filter: [String]?) throws -> [String] {
            let source = try makeCatalogSource(provider: .linkedin, apiBase: "https://a.test/v2", tokenURL: "https://a.test/t",
                                               credentials: ["client_id": "a", "client_secret": "bbbb"],
                                               options: scriptedOptions(ScriptedTransport { _, _ in json("{}") }, locales: filter))
            return (source as! LinkedInCatalogClient).selectedLocales
        }
        #expect(try locales(nil).count == 12)
        #expect(try locales(["fr", "pt-BR"]) == ["fr_FR", "pt_BR"])
        #expect(try locales(["ja_JP"]) == ["ja_JP"])
    }

    // MARK: - Paging

    /// Pages of one locale: `total` elements, `size` per page; the next link is relative,
    /// absolute, or placed before `prev`, to show that none of that matters.
    static func pagedTransport(total: Int, size: Int, reportedTotal: Int? = nil, types: @escaping @Sendable (Int) -> String = { _ in "COURSE" }) -> ScriptedTransport {
        ScriptedTransport { request, _ in
            if path(request).hasSuffix("token") { return json(tokenBody) }
            let start = Int(query(request, "start") ?? "0")!
            let elements = (start..<min(total, start + size)).map {
                #"{"urn":"urn:li:lyndaCourse:\#($0)","type":"\#(types($0))","title":{"value":"C\#($0)"}}"#
            }
            var links: [String] = []
            if start + size < total {
                let href = start == 0 ? "/v2/learningAssets?q=localeAndType&start=\(start + size)&count=\(size)"
                    : "https://api.example.test/v2/learningAssets?q=localeAndType&start=\(start + size)&count=\(size)"
                links.append(#"{"rel":"next","href":"\#(href)","type":"application/json"}"#)
            }
            if start > 0 { links.insert(#"{"rel":"prev","href":"/v2/learningAssets?start=0","type":"application/json"}"#, at: 0) }
            let body = #"{"elements":[\#(elements.joined(separator: ","))],"paging":{"start":\#(start),"count":\#(size),"total":\#(reportedTotal ?? total),"links":[\#(links.joined(separator: ","))]}}"#
            return json(body, url: request.url)
        }
    }

    func source(_ transport: ScriptedTransport, pageSize: Int = 10) throws -> CatalogSource {
        try makeCatalogSource(provider: .linkedin, apiBase: "https://api.example.test/v2", tokenURL: "https://www.example.test/token",
                              credentials: ["client_id": "a", "client_secret": "bbbb"],
                              options: scriptedOptions(transport, locales: ["en_US"], pageSize: pageSize))
    }

    @Test(arguments: [0, 1, 10, 20, 25])
    func readsEveryElementAcrossPages(total: Int) throws {
        let (items, pages) = try readAll(try source(Self.pagedTransport(total: total, size: 10)))
        #expect(items.map(\.providerId) == (0..<total).map { "urn:li:lyndaCourse:\($0)" })
        #expect(pages.count == max(1, (total + 9) / 10))
        #expect(pages.map(\.pageNumber) == Array(1...pages.count))
    }

    @Test func onlyCoursesAreSynchronized() throws {
        let transport = Self.pagedTransport(total: 6, size: 10, types: { $0 % 2 == 0 ? "COURSE" : "VIDEO" })
        let (items, _) = try readAll(try source(transport))
        #expect(items.map(\.providerId) == ["urn:li:lyndaCourse:0", "urn:li:lyndaCourse:2", "urn:li:lyndaCourse:4"])
    }

    @Test func aWrongTotalIsAWarningNotAFailure() throws {
        let (items, pages) = try readAll(try source(Self.pagedTransport(total: 15, size: 10, reportedTotal: 40)))
        #expect(items.count == 15)
        #expect(pages.flatMap(\.warnings).map(\.subject) == ["locale en_US"])
    }

    @Test func aPageWithoutElementsFailsTheListing() throws {
        let transport = ScriptedTransport { request, _ in
            path(request).hasSuffix("token") ? json(tokenBody) : json(#"{"paging":{"start":0,"count":10,"total":3}}"#)
        }
        guard case .pagingContractBroken = providerError({ _ = try readAll(try source(transport)) })?.kind else {
            Issue.record("expected pagingContractBroken")
            return
        }
    }

    @Test func aPageThatIsNotJSONFailsTheListing() throws {
        let transport = ScriptedTransport { request, _ in
            path(request).hasSuffix("token") ? json(tokenBody) : json("<html>maintenance</html>", url: request.url)
        }
        guard case .malformedPage(let url, _) = providerError({ _ = try readAll(try source(transport)) })?.kind else {
            Issue.record("expected malformedPage")
            return
        }
        #expect(url.contains("learningAssets"))
    }

    @Test func cancellingStopsBetweenPages() throws {
        let flag = CancellationFlag()
        let transport = Self.pagedTransport(total: 50, size: 10)
        let source = try makeCatalogSource(provider: .linkedin, apiBase: "https://api.example.test/v2", tokenURL: "https://t.test/token",
                                           credentials: ["client_id": "a", "client_secret": "bbbb"],
                                           options: scriptedOptions(transport, locales: ["en"], pageSize: 10, cancellation: flag))
        var seen = 0
        let error = providerError {
            try source.readCatalog { _ in
                seen += 1
                if seen == 2 { flag.cancel() }
            }
        }
        #expect(error?.kind == .cancelled)
        #expect(seen == 2)
    }
}
