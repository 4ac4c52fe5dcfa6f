@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

@Suite("update: keys and messages → model and effects")
struct UpdateTests {
    @Test func enterOpensSettingsAndEscGoesBack() {
        var m = Fixtures.model()
        let effects = press(&m, .enter)
        #expect(m.screen == .integration(1))
        #expect(effects == [.loadDashboard])
        press(&m, .esc)
        #expect(m.screen == .dashboard)
    }

    @Test func escClearsAnActiveFilterBeforeLeaving() {
        var m = Fixtures.model()
        press(&m, .char("c"))
        #expect(m.screen == .courses(1))
        press(&m, .esc)
        #expect(m.screen == .dashboard)
        press(&m, .char("/"))
        type(&m, "zzz")
        press(&m, .enter)
        #expect(m.list.filter == "zzz")
        #expect(visibleCount(m) == 0)
        press(&m, .esc)
        #expect(m.screen == .dashboard)
        #expect(m.list.filter.isEmpty)
        #expect(visibleCount(m) == 2)
    }

    private func visibleCount(_ m: ConsoleModel) -> Int { visibleIntegrations(m).count }

    @Test func quitAsksWhileASyncRunsAndCancelIsTheDefault() {
        var m = Fixtures.model()
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        #expect(press(&m, .char("q")).isEmpty)
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.focusOnConfirm == false)
        #expect(press(&m, .enter).isEmpty)
        #expect(m.overlay == nil)
        #expect(m.quitRequested == false)
        press(&m, .char("q"))
        #expect(press(&m, .right, .enter) == [.quit])
    }

    @Test func quitWithoutARunningSyncQuitsAtOnce() {
        var m = Fixtures.model()
        #expect(press(&m, .char("q")) == [.quit])
    }

    @Test func deactivateAsksFirstAndNamesTheConsequence() {
        var m = Fixtures.model()
        press(&m, .enter)
        press(&m, .end)
        let asked = press(&m, .enter)
        #expect(asked.isEmpty)
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.lines.joined().contains("1200 active courses"))
        #expect(c.lines.joined().contains("Learner data"))
        #expect(press(&m, .enter).isEmpty, "Cancel is focused first")
        press(&m, .end, .enter)
        #expect(press(&m, .tab, .enter) == [.deactivate(1)])
    }

    @Test(arguments: [Key.char("s"), Key.char("a")])
    func readOnlyRefusesChangesWithAMessage(_ key: Key) {
        var m = Fixtures.model(readOnly: true)
        #expect(press(&m, key).isEmpty)
        #expect(m.screen == .dashboard)
        #expect(m.flash?.text.contains("Read-only") == true)
    }

    @Test func readOnlyNeitherRevealsSecretsNorOffersToSave() {
        var m = Fixtures.model(readOnly: true)
        press(&m, .enter, .enter)
        #expect(m.screen == .credentials(1))
        _ = update(&m, .loaded(.credentials(1, ["client_id": "client-1", "client_secret": "TOPSECRET"])))
        #expect(press(&m, .ctrl("r")).isEmpty)
        #expect(m.form?.revealed == false)
        #expect(m.flash?.text.contains("Read-only mode: secrets stay hidden") == true)
        var buf = ScreenBuffer(width: 100, height: 24)
        render(m, into: &buf)
        #expect(!buf.text.contains("TOPSECRET"))
        #expect(!buf.text.contains("Enter saves"), "no save is offered")
        #expect(!buf.text.contains("reveal"), "no reveal is offered")
        #expect(press(&m, .enter).isEmpty, "Enter saves nothing")

        // The webhook screen: `v` shows nothing either.
        press(&m, .esc, .down, .enter)
        #expect(m.screen == .webhook(1))
        _ = update(&m, .loaded(.webhook(1, WebhookInfo(clientId: "cb-linkedin-1", clientSecret: "WEBHOOKSECRET"))))
        press(&m, .char("v"))
        #expect(!m.revealSecret)
        render(m, into: &buf)
        #expect(!buf.text.contains("WEBHOOKSECRET"))
    }

    @Test func aStoredWebhookSecretIsDescribedAsAHashToRotate() {
        var m = Fixtures.model()
        press(&m, .enter, .down, .enter)
        _ = update(&m, .loaded(.webhook(1, WebhookInfo(clientId: "cb-linkedin-1", clientSecret: ""))))
        var buf = ScreenBuffer(width: 100, height: 24)
        render(m, into: &buf)
        #expect(buf.text.contains("stored as a hash; rotate (R) to get a new one"))
        _ = update(&m, .loaded(.webhook(1, WebhookInfo(clientId: "cb-linkedin-1", clientSecret: "NEWSECRET"))))
        render(m, into: &buf)
        #expect(buf.text.contains("shown once: copy it now"))
    }

    @Test func syncNowOpensTheProgressScreenAndStartsTheRun() {
        var m = Fixtures.model()
        let effects = press(&m, .char("s"))
        #expect(m.screen == .sync(1))
        #expect(effects.contains(.startSync(1, confirmArchive: false)))
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        #expect(press(&m, .char("c")) == [.cancelSync(1)])
    }

    @Test func commandLineSyncsAnIntegrationById() {
        var m = Fixtures.model()
        press(&m, .char(":"))
        type(&m, "sync 1")
        let effects = press(&m, .enter)
        #expect(m.screen == .sync(1))
        #expect(effects.contains(.startSync(1, confirmArchive: false)))
    }

    @Test func unknownCommandSaysWhatExists() {
        var m = Fixtures.model()
        press(&m, .char(":"))
        type(&m, "frobnicate")
        #expect(press(&m, .enter).isEmpty)
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text.contains(":sync ID") == true)
    }

    @Test func finishedSyncFlashesCountsAndReloadsTheDashboard() {
        var m = Fixtures.model()
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        let effects = update(&m, .progress(Fixtures.progress(.succeeded)))
        #expect(effects == [.loadDashboard])
        #expect(m.flash?.text.contains("300 created") == true)
    }

    @Test func longListsReadOnlyThePageAroundTheVisibleRows() {
        var m = Fixtures.model()
        _ = update(&m, .resize(width: 100, height: 30))
        let open = press(&m, .char("c"))
        let h = m.listHeight
        #expect(open == [.loadCourses(CourseListQuery(integrationId: 1, offset: 0, limit: h * 3))])
        let first = Page(offset: 0, rows: (1...(h * 3)).map { Fixtures.course(Int64($0)) }, total: 100_000)
        _ = update(&m, .loaded(.courses(CourseListQuery(integrationId: 1, offset: 0, limit: h * 3), first)))
        #expect(press(&m, .pageDown).isEmpty, "still inside the loaded page")
        let far = press(&m, .end)
        #expect(far == [.loadCourses(CourseListQuery(integrationId: 1, offset: 100_000 - h - h, limit: h * 3))])
        #expect(m.list.selected == 99_999)
    }

    @Test func credentialsAreTypedMaskedAndTestedAfterSaving() {
        var m = Fixtures.model()
        press(&m, .enter, .enter)
        #expect(m.screen == .credentials(1))
        type(&m, "client-1")
        press(&m, .tab)
        type(&m, "s3cr3t")
        var buf = ScreenBuffer(width: 80, height: 24)
        render(m, into: &buf)
        #expect(buf.text.contains("client-1"))
        #expect(!buf.text.contains("s3cr3t"))
        press(&m, .ctrl("r"))
        render(m, into: &buf)
        #expect(buf.text.contains("s3cr3t"))
        let effects = press(&m, .ctrl("t"))
        #expect(effects == [.saveCredentials(1, ["client_id": "client-1", "client_secret": "s3cr3t"], thenTest: true)])
        #expect(m.testing == 1)
        _ = update(&m, .loaded(.connection(1, ConnectionOutcome(ok: true, message: "Connected to LinkedIn Learning"))))
        render(m, into: &buf)
        #expect(buf.text.contains("✔ TEST CONNECTION: Connected to LinkedIn Learning"))
    }

    @Test func filtersAskBeforeArchivingAndShowTheImpact() {
        var m = Fixtures.model()
        press(&m, .enter)
        let items = settingItems(Fixtures.linkedIn.integration)
        let filtersRow = items.firstIndex(of: .filters) ?? 0
        for _ in 0..<filtersRow { press(&m, .down) }
        #expect(press(&m, .enter) == [.loadFilterOptions(1)])
        _ = update(&m, .loaded(.filterOptions(1, FilterOptions(languages: [FilterOption(value: "en", courses: 10),
                                                                            FilterOption(value: "fr", courses: 4)],
                                                                contentTypes: [], current: CatalogFilter()))))
        #expect(press(&m, .char(" ")) == [.previewFilter(1, CatalogFilter(languages: ["en"]))])
        _ = update(&m, .loaded(.filterImpact(1, CatalogFilter(languages: ["en"]), 4)))
        var buf = ScreenBuffer(width: 80, height: 24)
        render(m, into: &buf)
        #expect(buf.text.contains("Saving archives 4 active courses at once."))
        #expect(press(&m, .enter).isEmpty)
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.title == "Archive 4 courses?")
        #expect(press(&m, .char("y")) == [.saveFilters(1, CatalogFilter(languages: ["en"]))])
    }

    @Test func rotatingTheWebhookSecretAsksFirst() {
        var m = Fixtures.model()
        press(&m, .enter, .down, .enter)
        #expect(m.screen == .webhook(1))
        #expect(press(&m, .char("R")).isEmpty)
        #expect(press(&m, .esc).isEmpty)
        press(&m, .char("R"))
        #expect(press(&m, .left, .enter) == [.rotateWebhookSecret(1)])
    }

    @Test func turningTagSyncOffStatesTheConsequence() {
        var m = Fixtures.model()
        var s = Fixtures.linkedIn
        s.integration.tagSync = true
        _ = update(&m, .loaded(.dashboard([s])))
        press(&m, .enter, .down, .down, .down, .enter)
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.lines.joined(separator: " ").contains("removed from its courses at the next sync"))
        #expect(c.lines.joined(separator: " ").contains("Manual tags"))
    }

    @Test func statisticsSortAndSwitchViewReload() {
        var m = Fixtures.model()
        press(&m, .char("l"))
        #expect(m.screen == .stats)
        let sorted = press(&m, .char("o"))
        guard case .loadStats(let q)? = sorted.first else { Issue.record("no reload"); return }
        #expect(q.sort == .attempts)
        guard case .loadStats(let q2)? = press(&m, .tab).first else { Issue.record("no reload"); return }
        #expect(q2.view == .perCourse)
        m.exportFolder = "/home/admin"
        press(&m, .char("e"))
        guard case .prompt? = m.overlay else { Issue.record("no prompt"); return }
        // The path is absolute, so the notice names exactly the file written; the file is not replaced without asking.
        guard case .exportStats(_, let path, let overwrite)? = press(&m, .enter).first else { Issue.record("no export"); return }
        #expect(path == "/home/admin/learner-statistics.csv")
        #expect(!overwrite)
    }

    @Test func wizardWalksProviderGroupAuthorThenCreates() {
        var m = Fixtures.model()
        #expect(press(&m, .char("a")) == [.loadWizardOptions])
        let admin = User(id: 1, email: "admin@acme.example")
        _ = update(&m, .loaded(.wizardOptions(WizardOptions(groups: [(Group(id: 1, name: "Acme"), 0),
                                                                     (Group(id: 2, name: "Sales", parentId: 1), 1)],
                                                            authors: [admin]))))
        press(&m, .down, .enter)        // Coursera
        press(&m, .down, .enter)        // Sales
        #expect(press(&m, .enter) == [], "choosing the author stores nothing")
        #expect(m.wizard?.step == .credentials)
        type(&m, "org")
        press(&m, .tab)
        type(&m, "id")
        press(&m, .tab)
        type(&m, "secret")
        let values = ["org_id": "org", "client_id": "id", "client_secret": "secret"]
        #expect(press(&m, .enter) == [.testWizardCredentials(.coursera, values)])
        _ = update(&m, .loaded(.wizardTested(ConnectionOutcome(ok: true, message: "ok"))))
        #expect(m.wizard?.step == .test)
        #expect(press(&m, .enter) == [])
        #expect(m.wizard?.step == .programs)
        #expect(press(&m, .enter) == [.finishWizard(.coursera, groupId: 2, authorEmail: "admin@acme.example", credentials: values,
                                                    programs: [])])
        _ = update(&m, .loaded(.integrationCreated(9)))
        #expect(m.wizard?.step == .done)
        #expect(press(&m, .enter) == [.loadDashboard])
        #expect(m.screen == .dashboard)
    }

    @Test func interruptQuits() {
        var m = Fixtures.model()
        #expect(update(&m, .interrupt) == [.quit])
    }
}
