import Foundation

/// Whether a sync may archive what it planned, or must wait for an administrator.
public enum MassArchiveDecision: Equatable, Sendable, CustomStringConvertible {
    case proceed
    case hold(toArchive: Int, activeCourses: Int, threshold: Double)

    public var isHeld: Bool { self != .proceed }

    /// The numbers of a hold, for the run's progress; nil when the run may archive.
    public var heldArchive: HeldArchive? {
        guard case .hold(let n, let active, let threshold) = self else { return nil }
        return HeldArchive(courses: n, activeCourses: active, threshold: threshold)
    }

    public var description: String {
        switch self {
        case .proceed:
            "archive step allowed"
        case .hold(let n, let active, let threshold):
            "held: this sync would archive \(n) of \(active) active courses (\(Self.percent(Double(n) / Double(active)))), "
                + "more than the \(Self.percent(threshold)) safety threshold. Check the provider's catalog "
                + "(an empty or partial answer looks like this), then run `sync ID --confirm-archive` to archive them."
        }
    }

    public static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}

/// DESIGN §2 Safety: a complete listing that would archive more than a share of the active
/// courses (default 20%, e.g. a provider answering with an empty catalog) is held.
public enum MassArchiveGuard {
    public static let defaultThreshold = 0.2

    /// "More than" the threshold holds; exactly the threshold proceeds. With no active course there
    /// is nothing to protect. An administrator's confirmation lets any share through.
    public static func decide(toArchive: Int, activeCourses: Int, threshold: Double = defaultThreshold,
                              confirmed: Bool = false) -> MassArchiveDecision {
        guard !confirmed, toArchive > 0, activeCourses > 0 else { return .proceed }
        let limit = min(max(threshold, 0), 1)
        let share = Double(toArchive) / Double(activeCourses)
        // Tolerance so that 3 of 15 counts as exactly 20%, whatever the binary rounding.
        return share > limit + 1e-9 ? .hold(toArchive: toArchive, activeCourses: activeCourses, threshold: limit) : .proceed
    }
}
