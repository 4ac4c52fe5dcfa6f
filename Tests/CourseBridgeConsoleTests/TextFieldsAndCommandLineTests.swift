@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Text fields edit as in a shell (issue 17): Ctrl-U, Ctrl-W, Home/End in forms, the wizard, `/` and `:`;
/// Esc asks before dropping unsaved edits; the `:` line keeps a history and completes command names.
@Suite("text fields and the : command line")
struct TextFieldsAndCommandLineTests {
    private func render80(_ m: ConsoleModel) -> ScreenBuffer {
        var buf = ScreenBuffer(width: 80, height: 24)
        render(m, into: &buf)
        return buf
    }

    private func credentialsForm() -> ConsoleModel {
        var m = Fixtures.model()
        press(&m, .enter, .enter)   // integration 1's settings, then its first row: provider credentials
        return m
    }

    @Test func ctrlWDeletesTheWordHomeMovesAndCtrlUClearsToTheStart() {
        var m = credentialsForm()
        #expect(m.screen == .credentials(1))
        type(&m, "abc def")
        press(&m, .ctrl("w"))
        #expect(m.form?.fields[0].value == "abc ")
        press(&m, .home)
        type(&m, "X")
        let buf = render80(m)
        #expect(buf.line(3).contains("Xabc"), "\(buf.text)")
        // The cursor sits on the character after X: that cell is shown selected.
        #expect(buf[26, 3].character == "a" && buf[26, 3].style == .selected, "\(buf.text)")
        press(&m, .end)
        type(&m, "z")
        #expect(m.form?.fields[0].value == "Xabc z")
        press(&m, .left, .left, .ctrl("u"))
        #expect(m.form?.fields[0].value == " z", "Ctrl-U clears from the cursor back to the start")
    }

    @Test func escOnAnEditedFormAsksAndCancelKeepsTheEdits() {
        var m = credentialsForm()
        type(&m, "new-id")
        press(&m, .esc)
        guard case .confirm(let c)? = m.overlay else { Issue.record("Esc dropped the edits without asking"); return }
        #expect(!c.focusOnConfirm, "Cancel is focused")
        #expect(render80(m).text.contains("Discard your changes?"))
        press(&m, .esc)
        #expect(m.screen == .credentials(1) && m.form?.fields[0].value == "new-id", "Cancel keeps editing")
        press(&m, .esc, .char("y"))
        #expect(m.screen == .integration(1) && m.form == nil)
    }

    @Test func escOnAnUntouchedFormLeavesAtOnce() {
        var m = credentialsForm()
        press(&m, .esc)
        #expect(m.overlay == nil && m.screen == .integration(1))
    }

    @Test func wizardCredentialsEditLikeEveryOtherField() {
        var m = Fixtures.model()
        m.wizard = WizardState()
        m.wizard?.step = .credentials
        m.wizard?.form = FormState(fields: [FormField(key: "client_id", label: "Client ID")])
        m.stack.append(.wizard)
        type(&m, "one two")
        press(&m, .ctrl("w"))
        #expect(m.wizard?.form.fields[0].value == "one ")
        press(&m, .ctrl("u"))
        #expect(m.wizard?.form.fields[0].value == "")
    }

    @Test func slashFilterEditsInPlace() {
        var m = Fixtures.model()
        press(&m, .char("/"))
        type(&m, "sales")
        press(&m, .home)
        type(&m, "x")
        #expect(m.list.filter == "xsales")
        press(&m, .ctrl("u"))
        #expect(m.list.filter == "sales")
        #expect(render80(m).text.contains("/sales"))
    }

    @Test func tabCompletesACommandNameAndUpRecallsTheLastCommand() {
        var m = Fixtures.model()
        press(&m, .char(":"))
        type(&m, "hist")
        press(&m, .tab)
        #expect(m.overlay == .command("history "))
        type(&m, "1")
        press(&m, .enter)
        #expect(m.screen == .history(1))
        press(&m, .char(":"), .up)
        #expect(m.overlay == .command("history 1"))
        #expect(render80(m).text.split(separator: "\n").contains { $0.hasPrefix(":history 1█") }, "\(render80(m).text)")
        press(&m, .down)
        #expect(m.overlay == .command(""))
    }

    @Test func tabWithSeveralMatchesListsThemBesideTheLine() {
        var m = Fixtures.model()
        press(&m, .char(":"))
        type(&m, "s")
        press(&m, .tab)
        #expect(m.overlay == .command("s"))
        #expect(render80(m).text.split(separator: "\n").contains { $0.hasPrefix(":s█") && $0.hasSuffix(":stats :sync") }, "\(render80(m).text)")
        type(&m, "y")
        press(&m, .tab)
        #expect(m.overlay == .command("sync "))
    }
}
