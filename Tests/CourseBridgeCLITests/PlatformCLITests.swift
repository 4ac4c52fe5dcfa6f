import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing

/// Libraries, paths, skills, tags, read-only rules and search through the real binary, as a script drives them.
@Suite(.serialized) struct PlatformCLITests {
    let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// Group 1 synchronized with LinkedIn Learning (author: editor of 1), group 2 with an editor and a learner,
    /// a platform admin; courses 1 and 2 synced into group 1 with tag sync on.
    func platform(_ cli: CLI) throws {
        for args in [["group", "add", "Acme"], ["group", "add", "Sales"]] { try cli.run(args) }
        for (email, group, role) in [("author", "1", "editor"), ("editor2", "2", "editor"), ("learner2", "2", "learner"),
                                     ("boss", "1", "platform-admin")] {
            try cli.run(["user", "add", "--email", "\(email)@acme.example"])
            let added = try cli.run(["group", "member", "add", group, "\(email)@acme.example", "--role", role])
            #expect(added.status == 0, "\(added.stderr)")
        }
        #expect(try cli.run(["integration", "add", "linkedin", "--group", "1", "--author", "author@acme.example"]).status == 0)
        #expect(try cli.run(["integration", "tags", "1", "on"]).status == 0)
        // The sync engine's page write, as a sync would do it.
        let store = try Store.open(path: cli.db)
        let integration = try store.integration(id: 1)
        var page = PageWrites()
        page.create([
            CatalogItem(providerId: "li-1", title: "Kubernetes Essential Training", description: "Deploy containers.", categories: ["Cloud Computing"]),
            CatalogItem(providerId: "li-2", title: "Leading Teams", description: "Leadership for new managers.", categories: ["Leadership"]),
        ], tagSync: true)
        try store.apply(page, integration: integration, groups: [1], runId: nil)
    }

    @Test func librariesAndPathsFollowTheRoles() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try platform(cli)

        let refused = try cli.run(["library", "add", "1", "--group", "2", "--as", "learner2@acme.example"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("learner2@acme.example cannot add course 1 to the library of group 2: it needs the group-admin, coach, editor or contributor role in group 2"))
        #expect(refused.stderr.contains("(learner2@acme.example is learner there)"))

        let path = try cli.run(["path", "add", "Onboarding", "--group", "2", "--linear", "--as", "editor2@acme.example"])
        #expect(path.stdout.contains("path 1 'Onboarding' added to group 2 (linear)"), "\(path.stderr)")
        let early = try cli.run(["path", "step", "add", "1", "1", "--as", "editor2@acme.example"])
        #expect(early.status != 0)
        #expect(early.stderr.contains("course 1 is not in the library of group 2: editors and contributors may add a course to a path only once it is in their group's library; add it first with: coursebridge library add 1 --group 2 --as editor2@acme.example"))

        for course in ["1", "2"] {
            #expect(try cli.run(["library", "add", course, "--group", "2", "--as", "editor2@acme.example"]).stdout
                .contains("course \(course) added to the library of group 2"))
            #expect(try cli.run(["path", "step", "add", "1", course, "--as", "editor2@acme.example"]).stdout
                .contains("course \(course) is step \(course) of path 1"))
        }
        let list = try cli.run(["library", "list", "--group", "2", "--json"])
        let entries = try decoder.decode([LibraryEntry].self, from: Data(list.stdout.utf8))
        #expect(entries.map(\.course.id) == [1, 2] && entries.allSatisfy { $0.addedBy == "editor2@acme.example" })

        #expect(try cli.run(["path", "enroll", "1", "--user", "learner2@acme.example"]).stdout.contains("learner2@acme.example enrolled in path 1"))
        let show = try cli.run(["path", "show", "1", "--user", "learner2@acme.example"])
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("learner2@acme.example: not-started"), "\(show.stdout)")
        #expect(lines.contains { $0.hasPrefix("1     1       linkedin  not-started  no") }, "\(show.stdout)")
        #expect(lines.contains { $0.hasPrefix("2     2       linkedin  not-started  yes") }, "the second step waits: \(show.stdout)")
        let json = try cli.run(["path", "show", "1", "--user", "learner2@acme.example", "--json"])
        let report = try decoder.decode(PathReport.self, from: Data(json.stdout.utf8))
        #expect(report.steps.map(\.availability) == ["available", "locked"] && report.enrolled == true)
    }

    @Test func skillsAndManualTagsEditSyncedCoursesDoNot() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try platform(cli)

        #expect(try cli.run(["course", "skill", "add", "1", "Helm", "--as", "author@acme.example"]).stdout.contains("skill 'Helm' added to course 1"))
        #expect(try cli.run(["course", "tag", "add", "1", "Onboarding", "--as", "author@acme.example"]).stdout.contains("tag 'Onboarding' added to course 1"))
        let learner = try cli.run(["course", "tag", "add", "1", "Mine", "--as", "learner2@acme.example"])
        #expect(learner.status != 0 && learner.stderr.contains("learner2@acme.example cannot edit the tags of course 1"))

        let synced = try cli.run(["course", "tag", "remove", "1", "Cloud Computing", "--as", "boss@acme.example"])
        #expect(synced.status != 0)
        #expect(synced.stderr.contains("tag 'Cloud Computing' of course 1 is synchronized from LinkedIn Learning: synced tags cannot be removed by hand"))
        #expect(try cli.run(["course", "tag", "remove", "1", "Onboarding", "--as", "author@acme.example"]).status == 0)

        let edit = try cli.run(["course", "edit", "1", "--title", "Mine now", "--as", "boss@acme.example"])
        #expect(edit.status != 0)
        #expect(edit.stderr.contains("course 1 is synchronized from LinkedIn Learning: its title, description and content cannot be edited here"))
        let delete = try cli.run(["course", "delete", "1", "--as", "boss@acme.example"])
        #expect(delete.status != 0 && delete.stderr.contains("course 1 is synchronized from LinkedIn Learning: it cannot be deleted here"))

        let show = try cli.run(["course", "show", "1"])
        #expect(show.stdout.contains("course 1: Kubernetes Essential Training"))
        #expect(show.stdout.contains("tags: Cloud Computing (synced)"))
        #expect(show.stdout.contains("skills: Helm"))
    }

    @Test func searchFindsCoursesByTitleTagAndSkill() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try platform(cli)
        try cli.run(["course", "skill", "add", "2", "Coaching", "--as", "author@acme.example"])

        let byTitle = try cli.run(["courses", "--search", "kubern"])
        #expect(byTitle.status == 0 && byTitle.stdout.contains("Kubernetes Essential Training") && !byTitle.stdout.contains("Leading Teams"))
        let bySkill = try cli.run(["courses", "--search", "coaching", "--json"])
        #expect(try decoder.decode([Course].self, from: Data(bySkill.stdout.utf8)).map(\.id) == [2])
        let byTag = try cli.run(["courses", "--search", "cloud computing", "--status", "active"])
        #expect(byTag.stdout.split(separator: "\n").count == 2, "header + course 1: \(byTag.stdout)")
        let empty = try cli.run(["courses", "--search", "?!"])
        #expect(empty.status != 0 && empty.stderr.contains("has no words"))
    }

    @Test func searchBenchmarkPrintsPercentilesAndTheBaselineRatio() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let bench = try cli.run(["bench", "search", "--courses", "2000", "--searches", "12", "--baseline-searches", "6"], useDefaultDb: false)
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("2000 courses written through the store's sync page writes"))
        #expect(bench.stdout.contains("2000 indexed for search"))
        #expect(bench.stdout.contains("all 12 searches: FTS5 p50") && bench.stdout.contains("baseline / FTS5: p50 ×"), "\(bench.stdout)")
    }
}
