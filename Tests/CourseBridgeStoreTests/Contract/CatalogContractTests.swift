import CourseBridgeCore
import CourseBridgeData
import Foundation
import Testing

/// Integrations and their courses, as every backend must keep them.
struct CatalogContractTests {
    @Test func oneActiveIntegrationPerProviderPerGroup() throws {
        let f = try ContractFixture()
        let g = f.group.id!
        do {
            _ = try f.store.addIntegration(provider: .linkedin, groupId: g, authorEmail: f.admin.email, apiBase: nil, tokenURL: nil)
            Issue.record("a second active LinkedIn integration was accepted")
        } catch {
            #expect(error.description.contains("already has an active LinkedIn Learning integration"))
        }
        _ = try f.store.addIntegration(provider: .edx, groupId: g, authorEmail: f.admin.email, apiBase: nil, tokenURL: nil)
        #expect(try f.store.deactivate(integrationId: f.integration.id!) == 0)
        let second = try f.store.addIntegration(provider: .linkedin, groupId: g, authorEmail: f.admin.email, apiBase: nil, tokenURL: nil)
        #expect(throws: StoreError.self) { try f.store.activate(integrationId: f.integration.id!) }
        try f.store.deactivate(integrationId: second.id!)
        try f.store.activate(integrationId: f.integration.id!)
        #expect(try f.store.integration(id: f.integration.id!).state == .active)
    }

    @Test func credentialsComeBackAsTheyWereStored() throws {
        let f = try ContractFixture()
        #expect(try f.store.credentials(integrationId: f.integration.id!) == nil)
        let values = ["client_id": "li-app", "client_secret": "s3cr3t=/+ é"]
        try f.store.setCredentials(integrationId: f.integration.id!, values: values)
        #expect(try f.store.credentials(integrationId: f.integration.id!) == values)
        #expect(try f.store.integration(id: f.integration.id!).hasCredentials)
    }

    @Test func settingsAreKept() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        try f.store.setLearnerIdentification(integrationId: id, mode: .externalId)
        try f.store.setTagSync(integrationId: id, enabled: true)
        try f.store.setSchedule(integrationId: id, schedule: try DailySchedule(time: "03:30", timeZone: "Asia/Tokyo"))
        try f.store.setEndpoints(integrationId: id, apiBase: "http://127.0.0.1:9/li", tokenURL: nil)
        let i = try f.store.integration(id: id)
        #expect(i.learnerIdentification == .externalId && i.tagSync)
        #expect(i.schedule.time == "03:30" && i.schedule.timeZone == "Asia/Tokyo")
        #expect(i.apiBase == "http://127.0.0.1:9/li")
    }

    @Test func aPageCreatesUpdatesAndTheArchiveWaitsForItsOwnCall() throws {
        let f = try ContractFixture()
        let ids = try f.createCourses([1, 2, 3], categories: ["Cloud"])
        let known = try f.store.knownCourses(provider: .linkedin)
        #expect(known.count == 3)
        #expect(known["li-1"]?.known.syncedTags == ["Cloud"])
        var page = PageWrites()
        page.updated = [(ids[0], CatalogItem(providerId: "li-1", title: "Course 1, 2nd edition"),
                         CourseChanges(metadata: true, reactivated: false, tagsToAdd: ["Kubernetes"], tagsToRemove: ["Cloud"]))]
        try f.store.apply(page, integration: f.integration, groups: [f.group.id!], runId: nil)
        #expect(try f.store.course(id: ids[0]).title == "Course 1, 2nd edition")
        #expect(try f.store.tags(courseId: ids[0]).map(\.name) == ["Kubernetes"])
        #expect(try f.store.archiveCourses([ids[2], ids[2]]) == 1)
        #expect(try f.store.courseCounts(integrationId: f.integration.id!) == (active: 2, archived: 1))
        #expect(try f.store.activeCourseCount(integrationId: f.integration.id!) == 2)
        #expect(try f.store.courses(CourseQuery(integrationId: f.integration.id, status: .archived)).map(\.id) == [ids[2]])
    }

    @Test func aCourseIsUniquePerProviderAndProviderId() throws {
        let f = try ContractFixture()
        try f.createCourses([1])
        #expect(throws: StoreError.self) { try f.createCourses([1]) }
        #expect(try f.store.courses(CourseQuery()).count == 1, "the failed page wrote nothing")
    }

    @Test func manualTagsAndSkillsAreKeptApartFromSyncedTags() throws {
        let f = try ContractFixture()
        let id = try f.createCourses([1], categories: ["Cloud"])[0]
        #expect(try f.store.addManualTag(courseId: id, tag: "Onboarding"))
        #expect(try !f.store.addManualTag(courseId: id, tag: "onboarding"))
        #expect(try f.store.addSkill(courseId: id, skill: "Helm"))
        #expect(try !f.store.addSkill(courseId: id, skill: "Helm"))
        let details = try f.store.courseDetails(id: id)
        #expect(Set(details.tags.map { "\($0.name)/\($0.source.rawValue)" }) == ["Cloud/synced", "Onboarding/manual"])
        #expect(details.skills == ["Helm"])
        #expect(try !f.store.removeManualTag(courseId: id, tag: "Cloud"), "a synced tag is not a manual one")
        #expect(try f.store.removeManualTag(courseId: id, tag: "ONBOARDING"))
        #expect(try f.store.removeSkill(courseId: id, skill: "helm"))
        #expect(try !f.store.removeSkill(courseId: id, skill: "helm"))
    }

    @Test func savingAFilterArchivesTheGivenCoursesInTheSameWrite() throws {
        let f = try ContractFixture()
        var page = PageWrites()
        page.create([CatalogItem(providerId: "li-en", title: "English", languages: ["en"]),
                     CatalogItem(providerId: "li-fr", title: "Français", languages: ["fr"])], tagSync: false)
        try f.store.apply(page, integration: f.integration, groups: [f.group.id!], runId: nil)
        let filter = CatalogFilter(languages: ["en"], contentTypes: [])
        let french = try f.store.knownCourses(provider: .linkedin)["li-fr"]!.courseId
        try f.store.saveFilters(integrationId: f.integration.id!, filter: filter, archiving: [french])
        #expect(try f.store.integration(id: f.integration.id!).languageFilter == ["en"])
        #expect(try f.store.courseCounts(integrationId: f.integration.id!).archived == 1)
    }

    @Test func searchFindsByPrefixTitleFirstAndOnlyActiveWhenAsked() throws {
        let f = try ContractFixture()
        var page = PageWrites()
        page.create([CatalogItem(providerId: "li-1", title: "Kubernetes Essentials", description: "Containers at scale."),
                     CatalogItem(providerId: "li-2", title: "Leading Teams", description: "Kubernetes for managers, briefly."),
                     CatalogItem(providerId: "li-3", title: "Excel Tips", description: "Spreadsheets.", categories: ["Kubernetes"])],
                    tagSync: true)
        try f.store.apply(page, integration: f.integration, groups: [f.group.id!], runId: nil)
        try f.store.refreshSearchIndex()
        #expect(try f.store.searchCourses("kube").map(\.title) == ["Kubernetes Essentials", "Excel Tips", "Leading Teams"])
        #expect(try f.store.searchCourses("kubernetes manag").map(\.title) == ["Leading Teams"])
        #expect(try f.store.searchCoursesByScan("kubernetes", limit: 10).count == 3)
        let excel = try f.store.knownCourses(provider: .linkedin)["li-3"]!.courseId
        try f.store.archiveCourses([excel])
        #expect(try f.store.searchCourses("kube", CourseQuery(status: .active)).count == 2)
    }

    @Test func duplicatesAcrossProvidersAreFoundByLaunchURL() throws {
        let f = try ContractFixture()
        let id = try f.createCourses([1]) { "https://www.linkedin.com/learning/course-\($0)" }[0]
        #expect(try f.store.foreignLaunchURLs(provider: .edx) == ["https://www.linkedin.com/learning/course-1": id])
        #expect(try f.store.foreignLaunchURLs(provider: .linkedin).isEmpty)
        #expect(try f.store.courseId(launchURL: "https://www.linkedin.com/learning/course-1", excludingProvider: .edx,
                                     providerId: "x") == id)
    }

    /// An incremental sync reads the courses of one page by provider id (issue 18): the same records as the whole
    /// load, tags included, for exactly the ids asked that the store holds.
    @Test func aPageOfProviderIdsFindsTheSameCoursesAsTheWholeLoad() throws {
        let f = try ContractFixture()
        try f.createCourses([1, 2, 3], categories: ["Cloud", "Security"]) { "https://www.linkedin.com/learning/course-\($0)" }
        let manual = try f.store.knownCourses(provider: .linkedin)["li-2"]!.courseId
        try f.store.addManualTag(courseId: manual, tag: "Onboarding")
        try f.store.archiveCourses([try f.store.knownCourses(provider: .linkedin)["li-3"]!.courseId])
        let whole = try f.store.knownCourses(provider: .linkedin)

        let page = try f.store.knownCourses(provider: .linkedin, providerIds: ["li-2", "li-3", "li-9", "li-2"])
        #expect(Set(page.keys) == ["li-2", "li-3"], "unknown ids are absent, a repeated id is one record")
        for id in ["li-2", "li-3"] {
            let (one, all) = (try #require(page[id]), try #require(whole[id]))
            #expect(one.courseId == all.courseId && one.integrationId == all.integrationId && one.launchURL == all.launchURL)
            #expect(one.known.status == all.known.status && one.known.fingerprint == all.known.fingerprint)
            #expect(Set(one.known.syncedTags) == Set(all.known.syncedTags) && one.known.manualTags == all.known.manualTags)
        }
        #expect(page["li-2"]?.known.manualTags == ["Onboarding"])
        #expect(Set(page["li-2"]?.known.syncedTags ?? []) == ["Cloud", "Security"])
        #expect(page["li-3"]?.known.status == .archived)
        #expect(try f.store.knownCourses(provider: .linkedin, providerIds: []).isEmpty)
        #expect(try f.store.knownCourses(provider: .edx, providerIds: ["li-1"]).isEmpty, "another provider's ids are not its own")
        let many = (1...2_000).map { "li-\($0)" }
        #expect(try f.store.knownCourses(provider: .linkedin, providerIds: many).count == 3, "a long page is looked up whole")
    }

    @Test func aPageOfLaunchURLsFindsOnlyForeignDuplicates() throws {
        let f = try ContractFixture()
        let id = try f.createCourses([1, 2]) { "https://www.linkedin.com/learning/course-\($0)" }[0]
        let urls = ["https://www.linkedin.com/learning/course-1", "https://elsewhere.example/x"]
        #expect(try f.store.foreignLaunchURLs(provider: .edx, among: urls) == ["https://www.linkedin.com/learning/course-1": id])
        #expect(try f.store.foreignLaunchURLs(provider: .linkedin, among: urls).isEmpty, "a provider's own courses are no duplicates")
        #expect(try f.store.foreignLaunchURLs(provider: .edx, among: []).isEmpty)
    }
}
