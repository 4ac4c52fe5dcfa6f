@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Mouse: what the last frame drew decides what a click means (render records the hit areas, update acts).
@Suite("mouse: hit areas and clicks")
struct MouseTests {
    private func frame(_ m: ConsoleModel, _ w: Int = 80, _ h: Int = 24) -> ScreenBuffer {
        var buf = ScreenBuffer(width: w, height: h)
        render(m, into: &buf)
        return buf
    }

    /// Clicks the first cell showing `text` (as the terminal would report it) and returns the effects.
    @discardableResult
    private func click(_ m: inout ConsoleModel, on text: String) -> [ConsoleEffect] {
        let buf = frame(m)
        let lines = buf.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let y = lines.firstIndex(where: { $0.contains(text) }), let r = lines[y].range(of: text) else {
            Issue.record("no '\(text)' on the screen:\n\(buf.text)")
            return []
        }
        let x = CellWidth.of(String(lines[y][..<r.lowerBound]))
        return update(&m, .mouse(MouseEvent(.press, x: x, y: y), buf.target(x: x, y: y)))
    }

    @Test func aClickSelectsARowAndASecondClickOpensItAsEnterDoes() {
        var m = Fixtures.model()
        #expect(frame(m).target(x: 10, y: 4) == .row(1), "the dashboard's second row is integration 2")
        click(&m, on: "Skillsoft  Sales")
        #expect(m.lists[.dashboard]?.selected == 1)
        #expect(m.screen == .dashboard, "the first click only selects")
        let effects = click(&m, on: "Skillsoft  Sales")
        #expect(m.screen == .integration(2))
        #expect(effects.contains(.loadDashboard))
    }

    @Test func aFooterKeyActsAsItsKey() {
        var m = Fixtures.model()
        #expect(frame(m).target(x: 2, y: 22) == .key(.char("?")))
        click(&m, on: "h history")
        #expect(m.screen == .history(1))
        click(&m, on: "? help")
        #expect(m.overlay == .help)
        click(&m, on: "Keys")
        #expect(m.overlay == nil, "a click anywhere closes the help, as any key")
    }

    @Test func theWheelScrollsTheList() {
        var m = Fixtures.model()
        _ = update(&m, .key(.char("h")))
        let runs = (1...40).map { n in
            SyncRunRecord(id: Int64(n), integrationId: 1, trigger: .manual, startedAt: Fixtures.now, outcome: .succeeded,
                          counts: SyncPlanCounts(), pages: 1, itemsSeen: 1, warnings: 0, errors: [])
        }
        _ = update(&m, .loaded(.runs(runs)))
        _ = update(&m, .mouse(MouseEvent(.wheelDown, x: 10, y: 10), nil))
        _ = update(&m, .mouse(MouseEvent(.wheelDown, x: 10, y: 10), nil))
        #expect(m.list.selected == 6)
        _ = update(&m, .mouse(MouseEvent(.wheelUp, x: 10, y: 10), nil))
        #expect(m.list.selected == 3)
    }

    @Test func aDialogTakesTheClicksItCoversAndItsButtonsActAsTheirKeys() {
        var m = Fixtures.model()
        _ = press(&m, .enter)                       // integration 1's settings
        let items = settingItems(Fixtures.linkedIn.integration)
        _ = press(&m, .end)
        #expect(items[m.list.selected] == .deactivate)
        _ = press(&m, .enter)
        guard case .confirm = m.overlay else {
            Issue.record("no confirmation")
            return
        }
        // The settings row under the dialog is not reachable through it.
        let buf = frame(m)
        #expect(buf.target(x: 40, y: 11) == .inert)
        click(&m, on: "[ Cancel ]")
        #expect(m.overlay == nil)
        _ = press(&m, .enter)
        let effects = click(&m, on: "[ Deactivate ]")
        #expect(effects == [.deactivate(1)])
    }

    @Test func theBreadcrumbGoesBackAsEsc() {
        var m = Fixtures.model()
        _ = press(&m, .char("l"))
        #expect(m.screen == .stats)
        click(&m, on: "CourseBridge")
        #expect(m.screen == .dashboard)
    }

    @Test func theWizardsListsTakeClicksToo() {
        var m = Fixtures.model()
        _ = press(&m, .char("a"))
        #expect(m.screen == .wizard)
        click(&m, on: "edX")
        #expect(m.wizard?.cursor == 2)
        #expect(m.wizard?.step == .provider)
        click(&m, on: "edX")
        #expect(m.wizard?.provider == .edx, "the second click chose edX")
    }
}
