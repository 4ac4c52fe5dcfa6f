@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Issue 17, finding 1: a catalog that lost every course is held by the mass-archive guard. The sync screen's body,
/// the status line and the `A` confirmation must all name the same, right number of courses.
@Suite("mass-archive hold: one number everywhere")
struct MassArchiveHoldTests {
    /// The final progress of a held run as the engine publishes it: nothing archived, the guard's numbers attached.
    private func heldRun(toArchive: Int, active: Int) -> SyncProgress {
        let decision = MassArchiveGuard.decide(toArchive: toArchive, activeCourses: active)
        var p = Fixtures.progress(.held, seen: 0, total: 0)
        p.counts = SyncPlanCounts()
        p.heldArchive = decision.heldArchive
        p.message = "\(decision.description); nothing was archived — confirm with: coursebridge sync 1 --confirm-archive"
        return p
    }

    private func screen(_ m: ConsoleModel) -> String {
        var buf = ScreenBuffer(width: 120, height: 30)
        render(m, into: &buf)
        return buf.text
    }

    @Test func bodyStatusLineAndConfirmationShowTheCoursesTheGuardHeld() {
        var m = Fixtures.model()
        press(&m, .char("s"))
        #expect(m.screen == .sync(1))
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        _ = update(&m, .progress(heldRun(toArchive: 2306, active: 2306)))

        let status = m.flash?.text ?? ""
        #expect(status.contains("held: 2306 courses would be archived"), "\(status)")
        let body = screen(m)
        #expect(body.contains("would archive 2306 of 2306 active courses (100%)"), "\(body)")
        #expect(body.contains("held: 2306 courses would be archived"), "\(body)")

        #expect(press(&m, .char("A")).isEmpty, "asks first")
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.title == "Archive 2306 courses?")
        #expect(c.lines.joined(separator: " ").contains("would archive 2306 of 2306 active courses (100%), more than the 20%"), "\(c.lines)")
        #expect(!(c.title + c.lines.joined()).contains(" 0 course"), "never the run's archived count, which is 0")
        #expect(c.focusOnConfirm == false, "Cancel first")
        #expect(press(&m, .tab, .enter) == [.startSync(1, confirmArchive: true)])
    }

    @Test func theNumberIsTheGuardsForAPartialLossToo() {
        var m = Fixtures.model()
        press(&m, .char("s"))
        _ = update(&m, .progress(Fixtures.progress(.listing)))
        _ = update(&m, .progress(heldRun(toArchive: 3, active: 10)))
        #expect(m.flash?.text.contains("held: 3 courses would be archived") == true)
        #expect(screen(m).contains("would archive 3 of 10 active courses (30%)"))
        press(&m, .char("A"))
        guard case .confirm(let c)? = m.overlay else { Issue.record("no confirmation"); return }
        #expect(c.title == "Archive 3 courses?")
    }
}
