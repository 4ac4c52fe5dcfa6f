import CourseBridgeCore
import Dispatch
import Foundation
import Synchronization

/// Performs effects off the UI thread and turns their results into messages for the loop.
/// Reads run on one serial queue, changes and slow calls (TEST CONNECTION) on another, so a slow
/// provider never delays a page of the list.
public final class ConsoleRuntime: Sendable {
    private let services: any ConsoleServices
    private let inbox = Mutex<[ConsoleMsg]>([])
    private let reads = DispatchQueue(label: "coursebridge.console.reads", qos: .userInitiated)
    private let actions = DispatchQueue(label: "coursebridge.console.actions", qos: .userInitiated)
    private let log: @Sendable (String) -> Void

    public init(services: any ConsoleServices, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.services = services
        self.log = log
    }

    public func post(_ msg: ConsoleMsg) { inbox.withLock { $0.append(msg) } }

    /// Messages since the last call: effect results first, then engine progress.
    public func drain() -> [ConsoleMsg] {
        let msgs = inbox.withLock { box in
            defer { box.removeAll() }
            return box
        }
        return msgs + services.drainProgress().map(ConsoleMsg.progress)
    }

    /// Waits for queued work (tests).
    public func settle() {
        reads.sync {}
        actions.sync {}
    }

    public func perform(_ effect: ConsoleEffect) {
        switch effect {
        case .quit, .copyToClipboard: return
        case .loadDashboard, .loadCourses, .loadCourseDetail, .loadRuns, .loadStats, .loadQuarantine, .loadFilterOptions,
             .previewFilter, .loadCredentials, .loadWebhook, .loadWizardOptions, .loadEvents, .loadIntake:
            reads.async { [self] in post(run(effect)) }
        default:
            actions.async { [self] in post(run(effect)) }
        }
    }

    private func run(_ effect: ConsoleEffect) -> ConsoleMsg {
        let s = services
        do {
            switch effect {
            case .loadDashboard: return .loaded(.dashboard(try s.dashboard()))
            case .loadCourses(let q): return .loaded(.courses(q, try s.courses(q)))
            case .loadCourseDetail(let c): return .loaded(.courseDetail(try s.courseDetail(c)))
            case .loadRuns(let id): return .loaded(.runs(try s.runs(integrationId: id)))
            case .loadStats(let q): return .loaded(.stats(q, try s.statistics(q)))
            case .loadQuarantine(let search, let offset, let limit):
                return .loaded(.quarantine(try s.quarantine(search: search, offset: offset, limit: limit)))
            case .loadFilterOptions(let id): return .loaded(.filterOptions(id, try s.filterOptions(integrationId: id)))
            case .previewFilter(let id, let f): return .loaded(.filterImpact(id, f, try s.filterImpact(integrationId: id, filter: f)))
            case .loadCredentials(let id): return .loaded(.credentials(id, try s.credentials(integrationId: id)))
            case .loadWebhook(let id): return .loaded(.webhook(id, try s.webhook(integrationId: id, rotate: false)))
            case .loadWizardOptions: return .loaded(.wizardOptions(try s.wizardOptions()))
            case .loadEvents(let q): return .loaded(.events(q, try s.events(q)))
            case .loadIntake: return .loaded(.intake(try s.intake()))
            case .saveCredentials(let id, let values, let thenTest):
                try s.saveCredentials(integrationId: id, values: values)
                guard thenTest else { return .done("Credentials saved (encrypted).") }
                return .loaded(.connection(id, s.testConnection(integrationId: id)))
            case .testConnection(let id): return .loaded(.connection(id, s.testConnection(integrationId: id)))
            case .rotateWebhookSecret(let id):
                let info = try s.webhook(integrationId: id, rotate: true)
                post(.loaded(.webhook(id, info)))
                return .done("New webhook secret generated: paste it at the provider (v reveals it).")
            case .setLearnerIdentification(let id, let mode):
                try s.setLearnerIdentification(integrationId: id, mode: mode)
                return .done("Learner identification: \(mode.label).")
            case .setTagSync(let id, let on):
                try s.setTagSync(integrationId: id, enabled: on)
                return .done(on ? "Tag synchronization on: synced tags are copied at the next sync."
                                : "Tag synchronization off: synced tags are removed at the next sync; manual tags stay.")
            case .setSchedule(let id, let schedule):
                try s.setSchedule(integrationId: id, schedule: schedule)
                return .done("Schedule saved: daily at \(schedule.description).")
            case .setFullListingInterval(let id, let days):
                try s.setFullListingInterval(integrationId: id, days: days)
                return .done("Schedule saved: a full listing every \(Plural.count(days, "day")); the daily runs between read only changes.")
            case .deactivate(let id):
                let n = try s.deactivate(integrationId: id)
                return .done("Integration \(id) deactivated: \(Plural.count(n, "course")) archived, learner data kept.")
            case .activate(let id):
                try s.activate(integrationId: id)
                return .done("Integration \(id) activated: synchronization resumes; the next sync restores its courses (s syncs now).")
            case .deleteIntegration(let id):
                try s.deleteIntegration(integrationId: id)
                return .loaded(.integrationDeleted(id))
            case .saveFilters(let id, let f):
                let n = try s.saveFilters(integrationId: id, filter: f)
                return .done("Filters saved; \(Plural.count(n, "course")) archived.")
            case .saveCourseEdits(let id, let skills, let tags):
                try s.saveCourseEdits(courseId: id, skills: skills, manualTags: tags)
                return .done("Skills and manual tags saved.")
            case .exportStats(let q, let path, let overwrite):
                if !overwrite, StatsExport.exists(path) { return .loaded(.exportExists(q, path: path)) }
                let n = try StatsExport.write(services: s, query: q, path: path)
                return .done(StatsExport.doneText(rows: n, query: q, path: path))
            case .replay(let ids): return .done(try s.replay(statementIds: ids))
            case .createIntegration(let p, let group, let author):
                return .loaded(.integrationCreated(try s.createIntegration(provider: p, groupId: group, authorEmail: author)))
            case .testWizardCredentials(let p, let values):
                return .loaded(.wizardTested(s.testCandidate(provider: p, credentials: values)))
            case .finishWizard(let p, let group, let author, let values, let programs):
                return .loaded(.integrationCreated(try s.createIntegration(provider: p, groupId: group, authorEmail: author,
                                                                           credentials: values, programs: programs)))
            case .setSelectedPrograms(let id, let programs):
                try s.setSelectedPrograms(integrationId: id, programs: programs)
                return .done(programs.isEmpty ? "All Coursera programs are mapped automatically." : "Programs saved.")
            case .startSync(let id, let confirm):
                do {
                    return .loaded(.syncStarted(integrationId: id, runId: try s.startSync(integrationId: id, confirmArchive: confirm)))
                } catch {
                    log("effect startSync refused: \(error)")
                    return .loaded(.syncRefused(integrationId: id, reason: "\(error)"))
                }
            case .cancelSync(let id):
                s.cancelSync(integrationId: id)
                return .done("Cancelling the sync of integration \(id) at the next page; nothing is archived.")
            case .quit, .copyToClipboard:
                return .done("")
            }
        } catch {
            log("effect \(effect.logName) failed: \(error)")
            return .failed("\(error)")
        }
    }
}

extension ConsoleEffect {
    /// Names the effect without its values (credentials must never reach the log).
    var logName: String { String(describing: self).prefix { $0 != "(" }.description }
}
