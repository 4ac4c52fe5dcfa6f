import CourseBridgeCore
import Foundation
import GRDB
import ProviderSimulator
import Testing

/// Administrator journeys through the real console in tmux: what they type, what the screen says, and what the
/// store holds afterwards (read back through the CLI).
@Suite("console journeys in tmux", .serialized, .enabled(if: TmuxSession.available))
struct ConsoleJourneyTests {
    /// The screen's text with rows joined and runs of spaces collapsed: a wrapped message reads as one.
    static func flat(_ screen: String) -> String {
        screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    // MARK: - 1. Setup wizard

    /// `console` + a simulator: the wizard has no API-base field, so it reaches the simulator only where a credential
    /// names the host — Skillsoft's tenant URL. A wrong token, then a wrong organization, then the right ones.
    @Test func setupWizardConnectsSkillsoftAndSaysExactlyWhatIsWrong() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 300, seed: 7))
        defer { Task { await sim.stop() } }
        try seedGroupTree(cli)
        let creds = sim.credentialValues(for: .skillsoft)
        let org = creds["organization_id"] ?? "", token = creds["bearer_token"] ?? "", tenant = creds["tenant_url"] ?? ""
        #expect(!org.isEmpty && !token.isEmpty && tenant == sim.apiBase(for: .skillsoft))
        let orgLast = String(org.last ?? "0"), orgWrongLast = orgLast == "0" ? "1" : "0"

        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(cli.directory)/console.log",
                                   width: 120, height: 36)
        defer { tmux.kill() }
        #expect(tmux.waitFor("No integration yet: press a to connect a group to a provider."), "\(tmux.screen())")

        // Step 1: provider.
        tmux.send("a")
        #expect(tmux.waitFor("Which provider?"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Skillsoft Percipio   statistics pushed (xAPI)"))
        tmux.send("End")
        tmux.send("Enter")

        // Step 2: the synchronized group, chosen from the group tree (indented by depth, private ones marked).
        #expect(tmux.waitFor("Synchronized group: courses go to its catalog and library"), "\(tmux.screen())")
        let tree = tmux.lines()
        let rows = ["    Acme  (public)", "      Sales  (public)", "        Sales EMEA  (public)", "      Board  (private)"]
        let positions = rows.map { row in tree.firstIndex(of: row) }
        #expect(positions.allSatisfy { $0 != nil }, "group tree:\n\(tree.joined(separator: "\n"))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "parents before children")
        tmux.send("Down")
        tmux.send("Enter")

        // Step 3: the author: admins and editors only (Eve is a learner).
        #expect(tmux.waitFor("Author: becomes main author of the synchronized courses"), "\(tmux.screen())")
        let authors = tmux.screen()
        #expect(authors.contains("admin@acme.example  Ada Admin"))
        #expect(!authors.contains("eve@acme.example"))
        // Only those the store accepts for the chosen group: bob edits 'Board', not 'Sales'.
        #expect(!authors.contains("bob@acme.example"), "bob is not an admin or editor of Sales")
        tmux.send("Enter") // admin@acme.example, first by email

        // Step 4: credentials. Nothing is stored before the last step.
        #expect(tmux.waitFor("Credentials of Skillsoft Percipio. Tab moves, Ctrl-R reveals, Enter tests; nothing is saved before the last step."),
                "\(tmux.screen())")
        tmux.type(org)
        tmux.send("Tab")
        tmux.type(token + "x")
        tmux.send("Tab")
        tmux.type(tenant)
        #expect(!tmux.screen().contains(token), "the bearer token is masked while typed")
        tmux.send("Enter")

        // Wrong bearer token: the console says which credential and where to check it.
        #expect(tmux.waitFor("✘ TEST CONNECTION:"), "\(tmux.screen())")
        let refused = tmux.screen()
        #expect(refused.contains("✘ TEST CONNECTION: Skillsoft Percipio refused the bearer token: check the service-account bearer token"),
                "\(refused)")
        #expect(refused.contains("Enter: correct the credentials"))
        #expect(!refused.contains(token))
        // The whole message, wrapped: its advice is at the end.
        #expect(Self.flat(refused).contains("bearer token issued by Skillsoft for this organization (it may have been revoked)."), "\(refused)")

        // Back to the form (focus stays on the tenant URL): fix the token, break the organization id.
        tmux.send("Enter")
        #expect(tmux.waitUntilGone("Enter: correct the credentials"), "\(tmux.screen())")
        tmux.send("BTab")
        tmux.send("BSpace")
        tmux.send("BTab")
        tmux.send("BSpace")
        tmux.type(orgWrongLast)
        tmux.send("Enter")
        #expect(tmux.waitFor("accepted the credentials but not the organization"), "\(tmux.screen())")
        let wrongOrg = tmux.screen()
        #expect(wrongOrg.contains("✘ TEST CONNECTION: Skillsoft Percipio accepted the credentials but not the organization: check the Organization ID"),
                "\(wrongOrg)")
        #expect(Self.flat(wrongOrg).contains("and the tenant instance URL given by Skillsoft."), "\(wrongOrg)")

        // The right organization id: connected, with the catalog size.
        tmux.send("Enter")
        #expect(tmux.waitUntilGone("Enter: correct the credentials"), "\(tmux.screen())")
        tmux.send("BSpace")
        tmux.type(orgLast)
        tmux.send("Enter")
        #expect(tmux.waitFor("✔ TEST CONNECTION: Connected to Skillsoft Percipio: the credentials work and the catalog lists 300 items."),
                "\(tmux.screen())")
        #expect(tmux.screen().contains("Enter: create the integration"))
        #expect(try integrations(cli).isEmpty, "nothing is stored before the administrator finishes")
        tmux.send("Enter")
        #expect(tmux.waitFor("✔ Integration 1 is set up."), "\(tmux.screen())")
        #expect(tmux.screen().contains("Enter returns to the dashboard; press s there to run the first sync."))
        tmux.send("Enter")

        // The dashboard lists it, never synced, no course yet.
        #expect(tmux.waitFor("Skillsoft  Sales"), "\(tmux.screen())")
        let row = tmux.line(containing: "Skillsoft  Sales") ?? ""
        #expect(row.hasPrefix("   1 Skillsoft  Sales"), "\(row)")
        #expect(row.contains("active") && row.contains("never") && row.hasSuffix("0/0"), "\(row)")

        // The store: on Sales (group 2), authored by admin (user 1), credentials sealed, the tenant URL kept.
        let list = try integrations(cli)
        #expect(list.count == 1)
        if let i = list.first {
            #expect(i.provider == "skillsoft" && i.groupId == 2 && i.authorUserId == 1 && i.state == "active")
            #expect(i.credentials == "set")
            // The wizard always stores the provider's public API base (no field for it); the tenant URL does the routing.
            #expect(i.apiBase == "https://api.percipio.com", "\(i.apiBase)")
        }
        let show = try cli.run(["integration", "show", "1"]).stdout
        #expect(show.contains("organization_id: \(org)"), "\(show)")
        #expect(show.contains("tenant_url: \(tenant)"), "\(show)")
        #expect(!show.contains(token), "secrets stay masked")
        #expect(try cli.run(["integration", "test", "1"]).status == 0, "what the wizard saved works from the CLI too")

        #expect(tmux.quit(), "\(tmux.screen())")
    }

    /// `demo`: the only host where the wizard points new integrations at a simulator (its endpoints closure), so
    /// LinkedIn — whose credentials name no host — can be set up end to end. The demo's simulator runs seed 42.
    @Test func setupWizardInTheDemoSetsUpLinkedInAndExplainsAWrongSecret() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let creds = SimulatorCredentials.generated(seed: 42).credentialValues(for: .linkedin)
        let clientId = creds["client_id"] ?? "", secret = creds["client_secret"] ?? ""
        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) demo --items 200 --push-every 600",
                                   width: 120, height: 36)
        defer { tmux.kill() }
        #expect(tmux.waitFor("4 integrations", timeout: 20), "\(tmux.screen())")

        tmux.send("a")
        #expect(tmux.waitFor("Which provider?"), "\(tmux.screen())")
        tmux.send("Enter") // LinkedIn Learning, first
        #expect(tmux.waitFor("Synchronized group:"), "\(tmux.screen())")
        let tree = tmux.lines()
        #expect(tree.contains("        Sales — EMEA  (public)") && tree.contains("      Leadership  (private)"),
                "\(tree.joined(separator: "\n"))")
        tmux.send("Down")
        tmux.send("Down")
        tmux.send("Enter") // Sales — EMEA
        #expect(tmux.waitFor("admin@acme.example  Ada Admin"), "\(tmux.screen())")
        tmux.send("Enter")
        #expect(tmux.waitFor("Credentials of LinkedIn Learning."), "\(tmux.screen())")

        tmux.type(clientId)
        tmux.send("Tab")
        tmux.type(secret + "x")
        tmux.send("Enter")
        #expect(tmux.waitFor("✘ TEST CONNECTION:"), "\(tmux.screen())")
        let refused = tmux.screen()
        #expect(refused.contains("✘ TEST CONNECTION: LinkedIn Learning refused the client id/secret: check the Client ID and Client Secret"),
                "\(refused)")
        #expect(!refused.contains(secret))
        #expect(Self.flat(refused).contains("under Integrate → Access content and reports via API in LinkedIn Learning."), "\(refused)")

        tmux.send("Enter")
        #expect(tmux.waitUntilGone("Enter: correct the credentials"), "\(tmux.screen())")
        tmux.send("BSpace")
        tmux.send("Enter")
        #expect(tmux.waitFor("✔ TEST CONNECTION: Connected to LinkedIn Learning: the credentials work and the catalog answered."),
                "\(tmux.screen())")
        tmux.send("Enter")
        #expect(tmux.waitFor("✔ Integration 5 is set up."), "\(tmux.screen())")
        #expect(Self.flat(tmux.screen()).contains("coursebridge integration webhook 5"), "the Done page names the webhook credentials")
        tmux.send("Enter")
        #expect(tmux.waitFor("5 integrations"), "\(tmux.screen())")
        let row = tmux.line(containing: "   5 LinkedIn") ?? ""
        #expect(row.contains("Sales — EMEA") && row.contains("active") && row.contains("never"), "\(tmux.screen())")

        let list = try integrations(cli)
        #expect(list.count == 5)
        if list.count == 5 {
            let added = list[4], seeded = list[0]
            #expect(added.id == 5 && added.provider == "linkedin" && added.groupId == 3 && added.credentials == "set")
            // Pointed at this demo's simulator, like the seeded LinkedIn integration.
            #expect(added.apiBase == seeded.apiBase && added.apiBase.hasPrefix("http://127.0.0.1:"), "\(added.apiBase)")
            #expect(added.tokenURL == seeded.tokenURL)
        }
        #expect(tmux.quit(), "\(tmux.screen())")
    }

    // MARK: - 2. Filters preview

    @Test func filtersPreviewTheArchiveCountAndSavingArchivesExactlyThatMany() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 300, seed: 7))
        defer { Task { await sim.stop() } }
        try addSyncedSkillsoft(cli, sim)
        let before = try courses(cli, status: "active").count
        #expect(before > 0)

        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(cli.directory)/console.log",
                                   width: 120, height: 36)
        defer { tmux.kill() }
        #expect(tmux.waitFor("\(before)/0"), "\(tmux.screen())")
        tmux.send("Enter")
        #expect(tmux.waitFor("Language and content-type filters"), "\(tmux.screen())")
        let settings = tmux.lines()
        let order = ["Provider credentials", "Webhook credentials and endpoint URLs", "Learner identification", "Tag synchronization",
                     "Daily schedule", "Language and content-type filters"]
        let found = order.map { label in settings.firstIndex { $0.hasPrefix("  " + label) } }
        #expect(found.allSatisfy { $0 != nil } && found.compactMap { $0 } == found.compactMap { $0 }.sorted(), "\(settings)")
        #expect(tmux.line(containing: "Language and content-type filters")?.contains("none (whole catalog)") == true)
        tmux.keys(Array(repeating: "Down", count: order.count - 1))
        tmux.send("Enter")
        #expect(tmux.waitFor("Saving archives no course."), "\(tmux.screen())")

        // The first language of the list (most courses first): select it and read the preview.
        guard let first = tmux.lines().first(where: { $0.hasPrefix(" [ ]  ") && $0.hasSuffix("language") }) else {
            Issue.record("no language row:\n\(tmux.screen())")
            return
        }
        let parts = first.dropFirst(6).split(separator: " ")
        let language = String(parts[0]), withLanguage = Int(parts[1]) ?? -1
        tmux.send("Space")
        guard let preview = tmux.waitForLine(matching: "Saving archives [0-9]+ active course") else {
            Issue.record("no preview:\n\(tmux.screen())")
            return
        }
        let impact = Int(preview.split(separator: " ")[2]) ?? -1
        #expect(impact > 0 && preview.hasSuffix("Saving archives \(plural(impact, "active course")) at once."), "\(preview)")
        #expect(tmux.screen().contains(" [x]  \(language)"))
        #expect(impact == before - withLanguage, "only courses without \(language) would go (\(before) active, \(withLanguage) with it)")
        let dry = try cli.run(["integration", "filters", "1", "--language", language, "--dry-run"])
        #expect(dry.stdout.contains("would archive \(Plural.count(impact, "course"))"), "the CLI's dry run agrees: \(dry.stdout)")
        #expect(try courses(cli, status: "archived").isEmpty, "a preview saves nothing")

        // Enter asks first, with the same number; the confirm button is not the default.
        tmux.send("Enter")
        #expect(tmux.waitFor("Archive \(plural(impact, "course"))?"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Saving these filters archives at once the \(plural(impact, "active course")) that no longer match."))
        #expect(tmux.screen().contains("[ Cancel ]  [ Save and archive ]"))
        tmux.send("Right")
        tmux.send("Enter")
        #expect(tmux.waitFor("Filters saved; \(plural(impact, "course")) archived."), "\(tmux.screen())")

        // Exactly those courses are archived: every course without the language, none with it.
        let archived = try courses(cli, status: "archived"), active = try courses(cli, status: "active")
        #expect(archived.count == impact)
        #expect(archived.allSatisfy { !$0.languages.contains(language) })
        #expect(active.count == before - impact && active.allSatisfy { $0.languages.contains(language) })
        #expect(try integrations(cli).first?.languageFilter == [language])

        tmux.send("Escape")
        #expect(tmux.waitFor("languages: \(language)"), "\(tmux.screen())")
        tmux.send("Escape")
        #expect(tmux.waitFor("\(before - impact)/\(impact)"), "the dashboard counts active/archived: \(tmux.screen())")
        #expect(tmux.quit(), "\(tmux.screen())")
    }

    // MARK: - 3. Learner statistics and quarantine after the demo's pushes

    @Test func learnerStatisticsAndQuarantineAfterTheDemosFirstPush() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        // Round 0 is pushed as soon as the first syncs end; the next one would come 600 s later.
        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) demo --items 200 --push-every 600",
                                   width: 120, height: 36)
        defer { tmux.kill() }
        #expect(tmux.waitFor("4 integrations", timeout: 20), "\(tmux.screen())")
        var last = -1
        let pushed = waitUntil(timeout: 30) {
            let n = (try? quarantined(cli).count) ?? 0
            defer { last = n }
            return n > 0 && n == last
        }
        #expect(pushed, "the first push reached the statistics server (learner0 quarantined)")

        // Learner statistics: pushed attempts of today, with progress; learner0 has no account, so no row.
        tmux.send("l")
        #expect(tmux.waitFor("per learner ·"), "\(tmux.screen())")
        let screen = tmux.screen()
        #expect(screen.contains("Learner                  Course"))
        let days = [Date(), Date().addingTimeInterval(-86_400)].map(utcDay)
        let pushedRows = tmux.lines().filter { line in
            line.contains("@example.com") && days.contains { line.contains($0) } && line.range(of: " [0-9]+% ", options: .regularExpression) != nil
        }
        #expect(!pushedRows.isEmpty, "\(screen)")
        #expect(!screen.contains("learner0@"))
        let stats = try statistics(cli)
        for row in pushedRows {
            let email = String(row.split(separator: " ").first ?? "")
            let recent = stats.contains { stat in
                stat.userEmail == email && days.contains { stat.attempt.lastActivityAt?.hasPrefix($0) == true }
            }
            #expect(recent, "\(email) has a pushed attempt in the store")
        }
        tmux.send("Tab")
        #expect(tmux.waitFor("per course ·"), "\(tmux.screen())")
        #expect(tmux.screen().contains("Course                   Learners"))

        // Quarantine: learner0's statements, with the reason and what to do.
        tmux.send("Escape")
        tmux.send("x")
        #expect(tmux.waitFor("kept in quarantine"), "\(tmux.screen())")
        let held = try quarantined(cli)
        #expect(!held.isEmpty && held.allSatisfy { $0.reason.contains("'learner0@example.com'") }, "\(held.map(\.reason))")
        let n = held.count
        #expect(tmux.screen().contains("\(n) statement\(n == 1 ? "" : "s") kept in quarantine: replay after the user or course exists"),
                "\(tmux.screen())")
        // Table rows carry the received date; the panel below repeats the selected one's actor and reason in full.
        let rows = tmux.lines().filter { $0.contains("learner0@example.") && $0.contains(" 20") }
        #expect(rows.count == n, "\(tmux.screen())")
        #expect(Self.flat(tmux.screen()).contains("Actor learner0@example.com"), "\(tmux.screen())")
        #expect(Self.flat(tmux.screen()).contains("Reason no user has the email 'learner0@example.com': add the user"), "\(tmux.screen())")
        #expect(rows.allSatisfy { $0.contains("no user has the email 'learner0@example.com': add the user") }, "\(rows)")

        // The administrator adds the missing learner, replays all: applied, quarantine empty, statistics there.
        #expect(try cli.run(["user", "add", "--email", "learner0@example.com", "--username", "learner0"]).status == 0)
        tmux.send("P")
        #expect(tmux.waitFor("Replayed \(n): \(n) applied, 0 still quarantined, 0 skipped."), "\(tmux.screen())")
        #expect(tmux.waitFor("0 statements kept in quarantine"), "\(tmux.screen())")
        #expect(try quarantined(cli).isEmpty)
        #expect(try statistics(cli).contains { $0.userEmail == "learner0@example.com" })
        tmux.send("Escape")
        tmux.send("l")
        #expect(tmux.waitFor("per course ·"), "the view chosen before is kept: \(tmux.screen())")
        tmux.send("Tab")
        #expect(tmux.waitFor("per learner ·"), "\(tmux.screen())")
        tmux.send("/")
        tmux.type("learner0")
        tmux.send("Enter")
        #expect(tmux.waitFor("learner0@example.com"), "\(tmux.screen())")
        #expect(tmux.lines().contains { $0.hasPrefix(" learner0@example.com") && $0.contains("%") }, "\(tmux.screen())")
        #expect(tmux.quit(), "\(tmux.screen())")
    }

    // MARK: - 4. Hostile course titles

    /// A provider's title is untrusted text: OSC (window title), CSI (clear screen, colour), BEL, CR and C1 CSI
    /// must reach the terminal as nothing, the printable rest as plain text.
    @Test func aCourseTitleCarryingTerminalEscapesIsShownInert() async throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 60, seed: 7))
        defer { Task { await sim.stop() } }
        try addSyncedSkillsoft(cli, sim)
        guard let target = try courses(cli, status: "active").min(by: { $0.id < $1.id }) else {
            Issue.record("the sync created no course")
            return
        }
        let hostile = "Evil\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{1B}[31mRED\u{1B}[0m\r\u{9B}6n end"
        let inert = "Evil]0;PWNED[2J[31mRED[0m6n end"
        try retitle(cli.db, courseId: target.id, to: hostile)

        let tmux = try TmuxSession(command: "env LANG=C.UTF-8 \(CLI.binary) --db \(cli.db) console --log \(cli.directory)/console.log",
                                   width: 120, height: 36)
        defer { tmux.kill() }
        #expect(tmux.waitFor("Skillsoft"), "\(tmux.screen())")
        let titleBefore = tmux.paneTitle()
        tmux.send("c")
        #expect(tmux.waitFor(inert), "\(tmux.screen())")
        let list = tmux.lines()
        let row = list.first { $0.contains(inert) } ?? ""
        #expect(row.hasPrefix(String(format: "%7lld Skillsoft ", target.id)), "\(row)")
        #expect(list.contains { $0.hasPrefix("    ID▲ Provider  Title") }, "the screen was not cleared")
        #expect(list.filter { $0.contains(" Skillsoft ") }.count > 1, "the other rows are still drawn")
        #expect(!tmux.paneTitle().contains("PWNED") && tmux.paneTitle() == titleBefore, "the window title is untouched")

        tmux.send("Enter")
        #expect(tmux.waitFor("Provider / id"), "\(tmux.screen())")
        #expect(tmux.line(containing: "Title")?.contains("🔒 " + inert) == true, "\(tmux.screen())")
        #expect(!tmux.paneTitle().contains("PWNED"))

        // The store keeps the provider's text as sent; the CLI's table does not pass the escapes on either.
        #expect(try courses(cli, status: "active").first { $0.id == target.id }?.title == hostile)
        let table = try cli.run(["courses", "--integration", "1", "--limit", "5"]).stdout
        #expect(table.contains("Evil") && !table.contains("\u{1B}") && !table.contains("\u{07}"), "\(table)")
        tmux.send("Escape") // the detail is a form: q would be typed into Skills
        #expect(tmux.waitFor("synchronized courses are read-only"), "\(tmux.screen())")
        #expect(tmux.quit(), "\(tmux.screen())")
    }

    // MARK: - Setup through the CLI

    /// Acme ▸ Sales ▸ Sales EMEA (public) and Acme ▸ Board (private). Ada (admin@) edits Sales, Bob edits Board
    /// only, Eve is a learner of Acme.
    private func seedGroupTree(_ cli: CLI) throws {
        let steps: [[String]] = [
            ["group", "add", "Acme"],
            ["group", "add", "Sales", "--parent", "1"],
            ["group", "add", "Sales EMEA", "--parent", "2"],
            ["group", "add", "Board", "--parent", "1", "--private"],
            ["user", "add", "--email", "admin@acme.example", "--username", "admin", "--name", "Ada Admin"],
            ["user", "add", "--email", "bob@acme.example", "--username", "bob"],
            ["user", "add", "--email", "eve@acme.example", "--username", "eve"],
            ["group", "member", "add", "2", "admin@acme.example", "--role", "editor"],
            ["group", "member", "add", "4", "bob@acme.example", "--role", "editor"],
            ["group", "member", "add", "1", "eve@acme.example", "--role", "learner"],
        ]
        for args in steps {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args.joined(separator: " ")): \(r.stderr)")
        }
    }

    /// Integration 1: Skillsoft on group 1, pointed at the simulator, synced once.
    private func addSyncedSkillsoft(_ cli: CLI, _ sim: SimulatorServer) throws {
        try cli.run(["group", "add", "Acme"])
        try cli.run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "editor"])
        let add = try cli.run(["integration", "add", "skillsoft", "--group", "1", "--author", "admin@acme.example",
                               "--api-base", sim.apiBase(for: .skillsoft)])
        #expect(add.status == 0, "\(add.stderr)")
        let lines = sim.credentialValues(for: .skillsoft).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n"
        let creds = try cli.run(["integration", "credentials", "1"], stdin: lines)
        #expect(creds.status == 0, "\(creds.stderr)")
        let sync = try cli.run(["sync", "1"])
        #expect(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
    }

    /// What a provider could send as a title, written straight into the store (no CLI command edits titles).
    private func retitle(_ path: String, courseId: Int64, to title: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE course SET title = ? WHERE id = ?", arguments: [title, courseId]) }
    }

    // MARK: - Reading the store through the CLI

    private func integrations(_ cli: CLI) throws -> [JourneyIntegration] {
        let r = try cli.run(["integration", "list", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return journeyDecode([JourneyIntegration].self, r.stdout)
    }

    private func courses(_ cli: CLI, status: String) throws -> [JourneyCourse] {
        let r = try cli.run(["courses", "--integration", "1", "--status", status, "--json", "--limit", "100000"])
        #expect(r.status == 0, "\(r.stderr)")
        return journeyDecode([JourneyCourse].self, r.stdout)
    }

    private func quarantined(_ cli: CLI) throws -> [JourneyQuarantined] {
        let r = try cli.run(["quarantine", "list", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return journeyDecode([JourneyQuarantined].self, r.stdout)
    }

    private func statistics(_ cli: CLI) throws -> [JourneyStat] {
        let r = try cli.run(["stats", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return journeyDecode([JourneyStat].self, r.stdout)
    }

    /// "1 course", "95 courses", "2 active courses".
    private func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private func utcDay(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    /// Polls every 0.5 s until `condition` holds or `timeout` passes.
    private func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(500_000)
        }
        return false
    }
}

// MARK: - JSON the CLI prints

private struct JourneyIntegration: Decodable {
    var id: Int64
    var provider: String
    var groupId: Int64
    var authorUserId: Int64
    var apiBase: String
    var tokenURL: String?
    var credentials: String
    var state: String
    var languageFilter: [String]
}

private struct JourneyCourse: Decodable {
    var id: Int64
    var title: String
    var status: String
    var languages: [String]
}

private struct JourneyQuarantined: Decodable {
    var id: Int64
    var integrationId: Int64?
    var reason: String
}

private struct JourneyStat: Decodable {
    struct Attempt: Decodable {
        var progressPercent: Double?
        var lastActivityAt: String?
    }
    var userEmail: String?
    var attempt: Attempt
}

private func journeyDecode<T: Decodable>(_ type: T.Type, _ text: String) -> T where T: ExpressibleByArrayLiteral {
    do {
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    } catch {
        Issue.record("cannot decode \(T.self): \(error)\n\(text.prefix(500))")
        return []
    }
}

// MARK: - Screen helpers

private extension TmuxSession {
    /// Several keys in one tmux call.
    func keys(_ keys: [String]) {
        _ = try? Self.tmux(["send-keys", "-t", name] + keys)
        usleep(150_000)
    }

    /// The screen's rows without trailing blanks.
    func lines() -> [String] {
        screen().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var s = String(line)
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    func line(containing text: String) -> String? { lines().first { $0.contains(text) } }

    /// The first row matching a regular expression, waiting for it.
    func waitForLine(matching pattern: String, timeout: Double = 10) -> String? {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if let l = lines().first(where: { $0.range(of: pattern, options: .regularExpression) != nil }) { return l }
            usleep(100_000)
        }
        return nil
    }

    func waitUntilGone(_ text: String, timeout: Double = 10) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if !screen().contains(text) { return true }
            usleep(100_000)
        }
        return false
    }

    /// The pane title a program can set with OSC 0/2.
    func paneTitle() -> String {
        ((try? Self.tmux(["display-message", "-p", "-t", name, "#{pane_title}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// q, confirming if a sync still runs; true once the program exited with status 0.
    func quit() -> Bool {
        send("q")
        if waitFor("Quit while a sync runs?", timeout: 1) { send("y") }
        return waitFor("EXIT=0")
    }
}
