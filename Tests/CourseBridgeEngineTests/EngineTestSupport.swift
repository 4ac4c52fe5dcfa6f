import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeProviders
@testable import CourseBridgeStore
import Foundation
import GRDB

/// A provider listing served from memory: pages of items, optionally failing after some pages.
struct FakeSource: CatalogSource {
    let provider: Provider
    var pages: [[CatalogItem]]
    var failAfterPages: Int? = nil
    var pauseBetweenPages: useconds_t = 0

    func readCatalog(onPage: (CatalogPage) throws -> Void) throws {
        for (index, items) in pages.enumerated() {
            if let failAfterPages, index >= failAfterPages {
                throw ProviderError(provider: provider, host: "api.example", kind: .malformedPage(url: "/page\(index + 1)", reason: "not JSON"))
            }
            if pauseBetweenPages > 0 { usleep(pauseBetweenPages) }
            try onPage(CatalogPage(items: items, pageNumber: index + 1, totalReported: pages.reduce(0) { $0 + $1.count }))
        }
    }

    func testConnection() -> ConnectionTestResult { .ok(catalogSize: pages.reduce(0) { $0 + $1.count }) }
}

/// The listing the next run will read; tests change it between runs, as a provider changes from day to day.
final class Listing: @unchecked Sendable {  // tests set it between runs only
    var source: FakeSource
    init(_ source: FakeSource) { self.source = source }
}

struct EngineFixture {
    let store: Store
    let engine: SyncEngine
    let listing: Listing
    let integration: Integration
    let group: Group

    init(provider: Provider, items: [CatalogItem], pageSize: Int = 3, subgroups: Bool = false) throws {
        store = try Store.inMemory()
        group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        if subgroups {
            let pub = try store.addGroup(name: "Public sub", parentId: group.id, isPrivate: false)
            _ = try store.addGroup(name: "Public sub-sub", parentId: pub.id, isPrivate: false)
            _ = try store.addGroup(name: "Private sub", parentId: group.id, isPrivate: true)
        }
        let admin = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: admin.email, role: .groupAdmin)
        integration = try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        let keys = provider.credentialFields.map(\.key)
        try store.setCredentials(integrationId: integration.id!, values: Dictionary(uniqueKeysWithValues: keys.map { ($0, "x") }))
        listing = Listing(FakeSource(provider: provider, pages: Self.paged(items, pageSize)))
        let listing = self.listing
        engine = SyncEngine(store: store, makeSource: { _, _, _ in listing.source })
    }

    static func paged(_ items: [CatalogItem], _ size: Int) -> [[CatalogItem]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }

    func serve(_ items: [CatalogItem], pageSize: Int = 3) { listing.source.pages = Self.paged(items, pageSize) }

    @discardableResult
    /// `full`: `FakeSource` serves the whole listing whatever it is asked, so runs read it as a whole listing
    /// (the incremental rules are tested against the simulator, whose reads honour the changes parameters).
    func sync(dryRun: Bool = false, confirmArchive: Bool = false, full: Bool = true) throws -> SyncProgress {
        try engine.start(integrationId: integration.id!, dryRun: dryRun, confirmArchive: confirmArchive, forceFull: full)
        return try #require(engine.wait(integrationId: integration.id!))
    }

    func status(_ providerId: String) throws -> CourseStatus? {
        try store.courses(CourseQuery(integrationId: integration.id)).first { $0.providerId == providerId }?.status
    }

    func count(_ sql: String) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}

func course(_ id: String, title: String? = nil, type: String = ContentType.course, retired: Bool = false,
            languages: [String] = ["en"], categories: [String] = [], programs: [String] = []) -> CatalogItem {
    CatalogItem(providerId: id, contentType: type, title: title ?? "Course \(id)", categories: categories, languages: languages, isRetired: retired,
                launchURL: "https://provider.example/\(id)", programIds: programs)
}

import Testing
