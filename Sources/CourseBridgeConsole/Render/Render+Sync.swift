import CourseBridgeCore
import Foundation

func renderSync(_ m: ConsoleModel, _ id: Int64, into buf: inout ScreenBuffer) {
    let name = m.summary(id).map { "\($0.integration.provider.displayName) · \($0.groupName)" } ?? "integration \(id)"
    buf.put("Sync of \(name) — runs in the background; Esc leaves it running.", x: 1, y: 1, style: .dim)
    if let holder = m.summary(id)?.syncHolder { buf.put("Running on \(holder) (holds the sync lease)", x: 1, y: 2, style: .dim) }
    guard let p = m.progress[id] else {
        buf.put("\(Format.spinner[m.tick % Format.spinner.count]) starting…", x: 2, y: 3, style: .accent)
        return
    }
    let phaseStyle = StateStyle.phase(p.phase)
    var y = 3
    buf.put("Run #\(p.runId)\(p.dryRun ? " (dry run)" : "")  ", x: 2, y: y)
    buf.put(p.phaseText.uppercased(), x: 22, y: y, style: phaseStyle, maxWidth: buf.width - 24)
    y += 2
    let barWidth = buf.width - 12
    // A finished run's bar stands still: an unknown share animates only while the run is alive.
    buf.bar(p.fraction ?? (p.phase.isFinal ? 0 : nil), x: 2, y: y, width: barWidth, tick: m.tick)
    buf.put(p.fraction.map { "\(Int(($0 * 100).rounded()))%" } ?? "", x: barWidth + 4, y: y, style: .header)
    y += 2
    y = buf.field("Pages", "\(p.pages)", x: 2, y: y, labelWidth: 16)
    y = buf.field("Items", p.itemsText, x: 2, y: y, labelWidth: 16)
    y = buf.field("Created", "\(p.counts.created)", x: 2, y: y, labelWidth: 16, style: .ok)
    y = buf.field("Updated", "\(p.counts.updated)", x: 2, y: y, labelWidth: 16)
    let archived = p.phase == .held ? "\(p.counts.archived) — held: \(heldCountText(p)) would be archived" : "\(p.counts.archived)"
    y = buf.field("Archived", archived, x: 2, y: y, labelWidth: 16, style: p.counts.archived > 0 || p.phase == .held ? .warning : .normal)
    y = buf.field("Ignored", "\(p.counts.ignored)", x: 2, y: y, labelWidth: 16)
    y = buf.field("Unchanged", "\(p.counts.unchanged)", x: 2, y: y, labelWidth: 16)
    y = buf.field("Speed", p.itemsPerSecond > 0 ? "\(Int(p.itemsPerSecond.rounded())) items/s" : "—", x: 2, y: y, labelWidth: 16)
    y = buf.field("Elapsed / ETA", "\(Format.duration(p.elapsedSeconds)) / \(Format.duration(p.etaSeconds))", x: 2, y: y, labelWidth: 16)
    if let msg = syncMessage(p) {
        y += 1
        // Wrapped, not cut: the end of a message is where it says what to do.
        for row in ScreenBuffer.wrap(msg, width: buf.width - 4, maxLines: 3) {
            buf.put(row, x: 2, y: y, style: p.phase == .failed || p.phase == .held ? phaseStyle : .warning, maxWidth: buf.width - 4)
            y += 1
        }
    }
    if p.phase == .held, !m.readOnly { buf.put("Press A to confirm the archive (asks first), or change the filters.", x: 2, y: y + 1, style: .held) }
}

/// The line under the counts. A held run's is built from the guard's numbers, as the status line and the `A`
/// confirmation are, so the three always agree.
func syncMessage(_ p: SyncProgress) -> String? {
    if p.phase == .held, let h = p.heldArchive {
        return "Held: this sync would archive \(h.shareText), more than the \(h.thresholdText) safety threshold; nothing was archived. "
            + "Check the provider's catalog first (an empty or partial answer looks like this)."
    }
    return p.message
}

func renderHistory(_ m: ConsoleModel, into buf: inout ScreenBuffer) {
    let runs = visibleRuns(m)
    if m.failedRunsOnly {
        buf.put("Failed runs and runs with errors only: \(Plural.count(runs.count, "run")) of \(m.runs.count) · f shows all · newest first",
                x: 1, y: 1, style: .warning, maxWidth: buf.width - 2)
    } else {
        // Warnings are not errors: a first sync that skipped items reads "with warnings", as the CLI says.
        let errors = runs.filter(isFailedRun).count
        let warned = runs.filter { $0.warnings > 0 || $0.errors.contains { $0.kind == .warning } }.count
        let warnings = warned > 0 ? " · \(warned) with warnings" : ""
        buf.put("\(Plural.count(runs.count, "run")) · \(errors) with errors\(warnings) · newest first", x: 1, y: 1,
                style: .dim, maxWidth: buf.width - 2)
    }
    let l = m.list
    let columns = [Column("Run", 5, right: true), Column("Int", 3, right: true), Column("Started (UTC)", 16, sortDescending: true), Column("Trigger", 8),
                   Column("Outcome", 11), Column("Listing", 11), Column("Duration", 8), Column("+new ~upd -arch", 10), Column("Err", 3, right: true)]
    buf.table(y: 2, height: m.listHeight, columns: columns, flex: 7, count: runs.count, top: l.top, selected: l.selected,
              cells: { i in
                  let r = runs[i]
                  return ["\(r.id)", "\(r.integrationId)", Format.timestamp(r.startedAt), r.trigger.rawValue, r.outcome.rawValue,
                          r.listingKind?.word ?? "full",
                          Format.duration(r.endedAt.map { $0.timeIntervalSince(r.startedAt) }),
                          "+\(r.counts.created) ~\(r.counts.updated) -\(r.counts.archived) ·\(r.counts.ignored) ign", "\(r.errors.count)"]
              }, style: { i in runs[i].outcome == .succeeded ? .normal : StateStyle.run(runs[i].outcome) })
}

