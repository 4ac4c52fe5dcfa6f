import CourseBridgeCore
import Testing
@testable import ProviderSimulator

/// Brute-force ids of a listing, for comparison with what the server pages out.
func expectedIds(_ catalog: SimulatedCatalog, _ query: ListingQuery) -> [String] {
    (0..<catalog.universeSize).filter { ListingIndex.includes(catalog, query, $0) }
        .map { catalog.item(at: $0, for: query.provider).providerId }
}

@Suite struct CatalogGenerationTests {
    @Test(arguments: Provider.allCases)
    func sameSeedSameItemsOtherSeedOtherItems(provider: Provider) {
        let a = SimulatedCatalog(seed: 7, items: 300, day: 2)
        let b = SimulatedCatalog(seed: 7, items: 300, day: 2)
        let c = SimulatedCatalog(seed: 8, items: 300, day: 2)
        for index in [0, 1, 150, 299, 305] {
            #expect(a.item(at: index, for: provider) == b.item(at: index, for: provider))
        }
        let differing = (0..<50).filter { a.item(at: $0, for: provider).title != c.item(at: $0, for: provider).title }
        #expect(differing.count > 25)
    }

    @Test(arguments: Provider.allCases)
    func dayZeroListsExactlyTheRequestedItems(provider: Provider) {
        #expect(SimulatedCatalog(seed: 42, items: 500).listedCount(for: provider) == 500)
    }

    @Test func providerIdsAreUniqueWithinAListing() {
        let catalog = SimulatedCatalog(seed: 3, items: 2000, day: 5)
        for provider in Provider.allCases {
            let ids = (0..<catalog.universeSize).map { catalog.item(at: $0, for: provider).providerId }
            #expect(Set(ids).count == ids.count, "\(provider) has duplicate ids")
        }
    }

    @Test func typesLanguagesAndRetirementsVary() {
        let catalog = SimulatedCatalog(seed: 42, items: 3000)
        let skillsoft = (0..<3000).map { catalog.item(at: $0, for: .skillsoft) }
        let types = Set(skillsoft.map(\.contentType))
        #expect(types == Set(ContentType.skillsoftTypes))
        #expect(skillsoft.contains { !$0.translations.isEmpty })
        #expect(skillsoft.contains { $0.isRetired })

        let linkedin = (0..<3000).map { catalog.item(at: $0, for: .linkedin) }
        let nonCourse = linkedin.filter { $0.rawType != "COURSE" }.count
        #expect((150...450).contains(nonCourse), "about 10% of LinkedIn assets are not courses, got \(nonCourse)")
        #expect(Set(linkedin.map(\.language)).count == 12)
        #expect(Set(linkedin.map(\.rawType)) == ["COURSE", "VIDEO", "EVENT", "LINK", "CUSTOM"])

        #expect(Set((0..<500).map { catalog.item(at: $0, for: .edx).rawType }) == ["course", "courserun", "program"])
        #expect(Set((0..<500).map { catalog.item(at: $0, for: .coursera).rawType }) == ["Course", "Specialization"])
    }

    @Test func advancingADayAddsChangesRetiresAndDrops() {
        let day0 = SimulatedCatalog(seed: 42, items: 5000)
        let day1 = day0.advanced()
        #expect(day1.universeSize == 5000 + day0.newItemsPerDay)
        let changed = (0..<5000).filter { day0.item(at: $0, for: .linkedin).title != day1.item(at: $0, for: .linkedin).title }
        #expect((20...90).contains(changed.count), "about 1% change per day, got \(changed.count)")
        let newlyRetired = (0..<5000).filter {
            !day0.item(at: $0, for: .linkedin).isRetired && day1.item(at: $0, for: .linkedin).isRetired
        }
        #expect(!newlyRetired.isEmpty)
        // Coursera and edX stop listing what they retire; Skillsoft also drops some entries.
        for provider in [Provider.coursera, .edx, .skillsoft] {
            let vanished = (0..<5000).filter { day0.isListed($0, for: provider) && !day1.isListed($0, for: provider) }
            #expect(!vanished.isEmpty, "\(provider) should lose some items")
        }
        // LinkedIn keeps retired assets in the listing (includeRetired=true).
        #expect((0..<5000).allSatisfy { day1.isListed($0, for: .linkedin) })
        #expect(day1.listedCount(for: .linkedin) == 5000 + day0.newItemsPerDay)
    }

    @Test func listingIndexMatchesBruteForce() {
        let catalog = SimulatedCatalog(seed: 11, items: 3000, day: 3)
        for query in [ListingQuery(provider: .coursera, variant: .courseraProgram("prog-leadership")),
                      ListingQuery(provider: .linkedin, variant: .linkedinLocale(1, includeRetired: false)),
                      ListingQuery(provider: .skillsoft, variant: .all)] {
            let index = ListingIndex(catalog: catalog, query: query)
            let expected = expectedIds(catalog, query)
            #expect(index.total == expected.count)
            for (start, count) in [(0, 7), (1023, 5), (index.total - 3, 10), (500, 1100)] {
                let got = index.indices(from: start, count: count).map { catalog.item(at: $0, for: query.provider).providerId }
                #expect(got == Array(expected.dropFirst(start).prefix(count)))
            }
        }
    }

    @Test func activeCountExcludesRetiredAndUnsynchronizedTypes() {
        let catalog = SimulatedCatalog(seed: 42, items: 1000, day: 4)
        let manual = (0..<catalog.universeSize).map { catalog.item(at: $0, for: .linkedin) }
            .filter { $0.isListed && !$0.isRetired && $0.rawType == "COURSE" }.count
        #expect(catalog.activeSynchronizedCount(for: .linkedin) == manual)
        #expect(catalog.activeSynchronizedIds(for: .linkedin).count == manual)
        #expect(manual < catalog.listedCount(for: .linkedin))
    }

    @Test func learnerActivityProgressesDayByDay() {
        let day0 = SimulatedCatalog(seed: 42, items: 400)
        let day3 = day0.advanced(by: 3)
        #expect(day0.enrollmentCount == 40)
        for row in 0..<day0.enrollmentCount {
            let before = day0.enrollment(row, for: .coursera), after = day3.enrollment(row, for: .coursera)
            #expect(before.email == "learner\(row % day0.learnerCount)@example.com")
            #expect(before.item.providerId == after.item.providerId)
            #expect(after.progressPercent >= before.progressPercent)
            #expect(before.item.contentType == ContentType.course)
        }
        #expect((0..<day3.enrollmentCount).contains { day3.enrollment($0, for: .edx).isCompleted })
    }
}
