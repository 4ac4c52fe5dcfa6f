@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 17 #10: the console shows who acts, refuses the wizard to a non-administrator up front, and offers nothing
/// that changes data in `--read-only` mode, on any screen, in the footer, the help or the screen's own hints.
@Suite("identity and read-only")
struct IdentityAndReadOnlyTests {
    private func screen(_ m: ConsoleModel, _ w: Int = 120, _ h: Int = 40) -> String {
        var buf = ScreenBuffer(width: w, height: h)
        render(m, into: &buf)
        return buf.text
    }

    @Test func theTitleSaysWhoActs() {
        var m = Fixtures.model()
        m.actor = ActingUser(email: "admin@acme.example", isPlatformAdmin: true)
        #expect(screen(m).split(separator: "\n").first?.contains("acting as admin@acme.example (platform admin)") == true)
        m.actor = ActingUser(email: "learner1@acme.example")
        #expect(screen(m).split(separator: "\n").first?.contains("acting as learner1@acme.example (not an administrator)") == true)
        // 80 columns: still there, shorter.
        #expect(screen(m, 80, 24).split(separator: "\n").first?.contains("learner1@acme.example") == true)
    }

    @Test func aLearnerCannotOpenTheWizardAndIsToldWhy() {
        var m = Fixtures.model()
        m.actor = ActingUser(email: "learner1@acme.example")
        #expect(press(&m, .char("a")).isEmpty)
        #expect(m.screen == .dashboard)
        #expect(m.flash?.isError == true)
        #expect(m.flash?.text.contains("learner1@acme.example is not a platform administrator") == true)
        #expect(m.flash?.text.contains("restart the console as one with --as EMAIL") == true)
    }

    /// Every screen a read-only console can reach, with the data it shows.
    private func readOnlyScreens() -> [(String, ConsoleModel)] {
        var out: [(String, ConsoleModel)] = []
        let base = Fixtures.model(readOnly: true)
        func add(_ name: String, _ kind: ScreenKind, _ change: (inout ConsoleModel) -> Void = { _ in }) {
            var m = base
            m.stack = kind == .dashboard ? [.dashboard] : [.dashboard, kind]
            change(&m)
            out.append((name, m))
        }
        add("dashboard", .dashboard)
        add("settings", .integration(1))
        add("settings of a deactivated integration", .integration(2))
        add("credentials", .credentials(1)) {
            $0.form = FormState(fields: [FormField(key: "client_id", label: "Client ID", value: "id"),
                                         FormField(key: "client_secret", label: "Client Secret", value: "(hidden in read-only mode)",
                                                   isSecret: true)])
        }
        add("webhook", .webhook(1)) { $0.webhook = WebhookInfo(clientId: "cb-1", clientSecret: "") }
        add("schedule", .schedule(1)) {
            $0.form = FormState(fields: [FormField(key: "time", label: "Time", value: "02:00"),
                                         FormField(key: "tz", label: "Time zone", value: "UTC")])
        }
        add("filters", .filters(1)) {
            $0.filters = FilterEditor(integrationId: 1, options: FilterOptions(languages: [FilterOption(value: "en", courses: 10)],
                                                                               contentTypes: [], current: CatalogFilter()),
                                      languages: ["en"], contentTypes: [], impact: 0)
        }
        add("held sync", .sync(1)) {
            var p = Fixtures.progress(.held)
            p.heldArchive = HeldArchive(courses: 900, activeCourses: 1000, threshold: 0.2)
            $0.progress[1] = p
        }
        add("history", .history(nil))
        add("courses", .courses(nil))
        add("course detail", .courseDetail(1)) {
            $0.courseDetail = CourseDetail(course: Fixtures.course(1))
            $0.form = FormState(fields: [FormField(key: "skills", label: "Skills"), FormField(key: "tags", label: "Manual tags")])
        }
        add("statistics", .stats)
        add("quarantine", .quarantine)
        return out
    }

    @Test func noReadOnlyScreenOffersAChange() {
        // The screens' own hints that would offer a change.
        let offers = ["Enter save", "Enter: save", "saves first", "without saving", "Sync now", "sync now", "start again", "rotate",
                      "next learner identification", "(m: next mode)", "replay", "new integration", "Press A", "confirm a held",
                      "Deactivate integration", "Activate integration", "press a to", "then Activate", "Saving archives"]
        for (name, base) in readOnlyScreens() {
            for withHelp in [false, true] {
                var m = base
                if withHelp { m.overlay = .help }
                let text = screen(m)
                for offer in offers {
                    #expect(!text.contains(offer), "read-only \(name)\(withHelp ? " (help)" : "") offers '\(offer)':\n\(text)")
                }
                let lines = text.split(separator: "\n")
                for b in KeyTable.bindings(for: m.screen) where b.changesData {
                    let offered = lines.contains { $0.contains(b.label + " ") && $0.contains(" " + b.help) }
                    #expect(!offered, "read-only \(name)\(withHelp ? " (help)" : "") offers '\(b.label) \(b.help)':\n\(text)")
                }
            }
        }
    }

    @Test func readOnlySettingsRowsAreOnlyWhatCanBeLookedAt() {
        let items = settingItems(Fixtures.linkedIn.integration, readOnly: true)
        #expect(!items.contains(.syncNow) && !items.contains(.deactivate))
        #expect(!settingItems(Fixtures.skillsoft.integration, readOnly: true).contains(.activate))
        #expect(items.contains(.credentials) && items.contains(.history))
    }
}
