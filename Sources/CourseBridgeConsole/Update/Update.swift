import CourseBridgeCore
import Foundation

/// The console's one state transition: pure, no I/O. Effects are performed by `ConsoleRuntime`.
public func update(_ m: inout ConsoleModel, _ msg: ConsoleMsg) -> [ConsoleEffect] {
    switch msg {
    case .key(let key):
        return handleKey(&m, key)
    case .mouse(let event, let target):
        return handleMouse(&m, event, target)
    case .resize(let w, let h):
        m.width = w
        m.height = h
        m.list = clamped(m.list, count: rowCount(m), height: m.listHeight)
        return pageEffects(m)
    case .tick(let date):
        m.now = date
        m.tick &+= 1
        if var f = m.flash {
            f.ticksLeft -= 1
            m.flash = f.ticksLeft > 0 ? f : nil
        }
        return liveRefresh(m)
    case .progress(let p):
        return applyProgress(&m, p)
    case .loaded(let data):
        m.loading = false
        return applyLoaded(&m, data)
    case .done(let text):
        m.loading = false
        // The form's edits are saved: Esc leaves without asking again.
        if m.screen.isForm { m.form?.dirty = false }
        flash(&m, text)
        return enterEffects(m, m.screen)
    case .failed(let text):
        m.loading = false
        m.testing = nil
        flash(&m, text, error: true)
        return []
    case .interrupt:
        m.quitRequested = true
        return [.quit]
    }
}

func flash(_ m: inout ConsoleModel, _ text: String, error: Bool = false) {
    m.flash = Flash(text: text, isError: error, ticksLeft: error ? 80 : 40)
}

// MARK: - Keys

func handleKey(_ m: inout ConsoleModel, _ key: Key) -> [ConsoleEffect] {
    if m.overlay != nil { return handleOverlayKey(&m, key) }
    if m.list.filtering { return handleFilterTyping(&m, key) }
    if m.screen == .wizard { return handleWizardKey(&m, key) }
    if m.screen.isForm, handleFormTyping(&m, key) { return [] }
    guard let binding = KeyTable.binding(for: key, on: m.screen) else { return [] }
    if binding.action == .reveal && m.readOnly {
        flash(&m, "Read-only mode: secrets stay hidden; restart without --read-only to see or change them.", error: true)
        return []
    }
    if binding.changesData && m.readOnly {
        flash(&m, "Read-only mode: \(binding.help) is not allowed; restart without --read-only to change settings.", error: true)
        return []
    }
    return perform(&m, binding.action)
}

func perform(_ m: inout ConsoleModel, _ action: Action) -> [ConsoleEffect] {
    switch action {
    case .up: return move(&m, by: -1)
    case .down: return move(&m, by: 1)
    case .pageUp: return move(&m, by: -m.listHeight)
    case .pageDown: return move(&m, by: m.listHeight)
    case .top: return move(&m, by: -Int.max / 2)
    case .bottom: return move(&m, by: Int.max / 2)
    case .filter:
        m.list.filtering = true
        return []
    case .command:
        m.overlay = .command("")
        m.commandCursor = nil
        m.commandRecall = nil
        return []
    case .help:
        m.overlay = .help
        return []
    case .refresh:
        return enterEffects(m, m.screen)
    case .back:
        return m.screen.isForm ? leaveForm(&m) : goBack(&m)
    case .quit:
        return requestQuit(&m)
    case .events, .intake, .cycleKind:
        return performLogAction(&m, action)
    default:
        return performScreenAction(&m, action)
    }
}

func requestQuit(_ m: inout ConsoleModel) -> [ConsoleEffect] {
    let running = m.runningSyncs
    guard running.isEmpty else {
        m.overlay = .confirm(Confirm(
            title: "Quit while a sync runs?",
            lines: ["\(running.count) sync run\(running.count == 1 ? " is" : "s are") in progress (integration \(running.map { String($0.integrationId) }.joined(separator: ", "))).",
                    "Quitting cancels \(running.count == 1 ? "it" : "them"); a cancelled run archives nothing."],
            confirmLabel: "Quit", onConfirm: [.quit]))
        return []
    }
    m.quitRequested = true
    return [.quit]
}

func goBack(_ m: inout ConsoleModel) -> [ConsoleEffect] {
    if !m.list.filter.isEmpty {
        m.list.filter = ""
        m.list.filterCursor = nil
        m.list.selected = 0
        m.list.top = 0
        return reloadForFilter(m)
    }
    guard m.stack.count > 1 else { return [] }
    m.stack.removeLast()
    m.form = nil
    m.revealSecret = false
    return enterEffects(m, m.screen)
}

/// Opens a screen on top of the stack and loads what it shows.
func push(_ m: inout ConsoleModel, _ screen: ScreenKind) -> [ConsoleEffect] {
    if m.screen != screen { m.stack.append(screen) }
    m.lists[screen] = ListState()
    let effects = enterEffects(m, screen)
    // Only a screen that reads something is loading (the run detail shows rows already in memory).
    m.loading = !effects.isEmpty
    return effects
}

/// What a screen reads when it opens or on `r`.
func enterEffects(_ m: ConsoleModel, _ screen: ScreenKind) -> [ConsoleEffect] {
    let h = m.listHeight
    switch screen {
    case .dashboard: return [.loadDashboard, .loadIntake]
    case .integration, .schedule, .sync: return [.loadDashboard]
    case .credentials(let id): return [.loadCredentials(id)]
    case .webhook(let id): return [.loadWebhook(id), .loadDashboard]
    case .filters(let id): return [.loadFilterOptions(id)]
    case .history(let id): return [.loadRuns(id)]
    case .runDetail: return []
    case .courses(let id):
        return [.loadCourses(CourseListQuery(integrationId: id, search: m.lists[screen]?.filter ?? "", offset: 0, limit: h * 3))]
    case .courseDetail(let id):
        guard let course = m.courseDetail?.course ?? m.courses.rows.first(where: { $0.id == id }) else { return [] }
        return [.loadCourseDetail(course)]
    case .stats:
        var q = m.statsQuery
        q.offset = 0
        q.limit = h * 3
        q.search = m.lists[screen]?.filter ?? ""
        return [.loadStats(q)]
    case .quarantine: return [.loadQuarantine(search: m.lists[screen]?.filter ?? "", offset: 0, limit: h * 3)]
    case .wizard: return [.loadWizardOptions]
    case .events: return [.loadEvents(m.eventQuery)]
    case .intake: return [.loadIntake]
    }
}

// MARK: - Overlays

func handleOverlayKey(_ m: inout ConsoleModel, _ key: Key) -> [ConsoleEffect] {
    switch m.overlay {
    case .help:
        m.overlay = nil
        return []
    case .confirm(var c):
        func confirmed() -> [ConsoleEffect] {
            if c.onConfirm.contains(.quit) { m.quitRequested = true }
            if c.discardsForm {
                m.form = nil
                if m.screen == .wizard { m.wizard = nil }
                return goBack(&m)
            }
            return c.onConfirm
        }
        switch key {
        case .left, .right, .tab, .backTab, .char("h"), .char("l"):
            c.focusOnConfirm.toggle()
            m.overlay = .confirm(c)
        case .enter:
            m.overlay = nil
            if c.focusOnConfirm { return confirmed() }
        case .char("y"), .char("Y"):
            m.overlay = nil
            return confirmed()
        case .esc, .char("n"), .char("N"), .char("q"):
            m.overlay = nil
        default: break
        }
        return []
    case .command(let text):
        return handleCommandLineKey(&m, text, key)
    case .prompt(var p):
        switch key {
        case .esc: m.overlay = nil
        case .enter:
            m.overlay = nil
            let path = p.value.trimmed
            guard !path.isEmpty else { return [] }
            var q = m.statsQuery
            q.search = m.lists[.stats]?.filter ?? ""
            return [.exportStats(q, path: exportPath(m, path), overwrite: false)]
        default:
            if TextEditing.apply(key, to: &p.value, cursor: &p.cursor) { m.overlay = .prompt(p) }
        }
        return []
    case nil:
        return []
    }
}

/// `:` commands, as in k9s: `:sync 3`, `:courses 2`, `:history`, `:stats`, `:quarantine`, `:i 3`, `:q`.
func runCommand(_ m: inout ConsoleModel, _ text: String) -> [ConsoleEffect] {
    let words = text.split(separator: " ").map(String.init)
    guard let verb = words.first?.lowercased() else { return [] }
    let id = words.count > 1 ? Int64(words[1]) : nil
    if words.count > 1 && id == nil {
        flash(&m, "'\(words[1])' is not an integration id; try :\(verb) 1", error: true)
        return []
    }
    func needId(_ make: (Int64) -> [ConsoleEffect]) -> [ConsoleEffect] {
        guard let id else {
            flash(&m, ":\(verb) needs an integration id, e.g. :\(verb) 1", error: true)
            return []
        }
        return make(id)
    }
    // An id that names no integration opens nothing (a sync screen would wait forever for a run that never starts).
    if let id, !m.integrations.isEmpty, m.summary(id) == nil, ["sync", "s", "i", "integration", "courses", "c", "history", "runs", "h"].contains(verb) {
        flash(&m, noIntegrationText(m, id), error: true)
        return []
    }
    switch verb {
    case "q", "quit", "q!": return verb == "q!" ? [.quit] : requestQuit(&m)
    case "sync", "s": return needId { startSyncScreen(&m, $0) }
    case "i", "integration": return needId { push(&m, .integration($0)) }
    case "courses", "c": return push(&m, .courses(id))
    case "history", "runs", "h": return push(&m, .history(id))
    case "stats", "l": return push(&m, .stats)
    case "quarantine", "x": return push(&m, .quarantine)
    case "dash", "dashboard", "home":
        m.stack = [.dashboard]
        return enterEffects(m, .dashboard)
    case "new", "add", "wizard": return m.readOnly ? refuse(&m, "the setup wizard") : openWizard(&m)
    case "help": m.overlay = .help; return []
    case "events", "e", "log": return push(&m, .events)
    case "intake": return push(&m, .intake)
    default:
        flash(&m, "Unknown command :\(verb). Commands: :sync ID, :i ID, :courses [ID], :history [ID], :stats, :quarantine, :events, :intake, :new, :q", error: true)
        return []
    }
}

func refuse(_ m: inout ConsoleModel, _ what: String) -> [ConsoleEffect] {
    flash(&m, "Read-only mode: \(what) is not allowed; restart without --read-only to change settings.", error: true)
    return []
}

func startSyncScreen(_ m: inout ConsoleModel, _ id: Int64) -> [ConsoleEffect] {
    if m.readOnly { return refuse(&m, "sync now") }
    if let refusal = syncRefusal(m, id) {
        flash(&m, refusal, error: true)
        return []
    }
    let running = m.progress[id].map { !$0.phase.isFinal } ?? false
    var effects = push(&m, .sync(id))
    if !running { effects.append(.startSync(id, confirmArchive: false)) }
    return effects
}

/// Why `s` / `:sync ID` cannot start a run, said before any screen opens; nil when it can try.
func syncRefusal(_ m: ConsoleModel, _ id: Int64) -> String? {
    guard !m.integrations.isEmpty else { return nil }   // not loaded yet: the engine answers
    guard let s = m.summary(id) else { return noIntegrationText(m, id) }
    if s.integration.state == .deactivated {
        return "Integration \(id) is deactivated: synchronization is stopped. Open it (Enter) and choose Activate integration to resume."
    }
    return nil
}

func noIntegrationText(_ m: ConsoleModel, _ id: Int64) -> String {
    let ids = m.integrations.compactMap { $0.integration.id.map(String.init) }
    return "There is no integration \(id); the dashboard lists \(ids.count == 1 ? "integration" : "integrations") \(ids.joined(separator: ", "))."
}
