import CourseBridgeData

/// Failures of statement ingestion, replay and launch, described for the person who can fix them.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A statement id already stored with different content (xAPI: 409 Conflict).
    case conflict(String)
    case notFound(String)
    case refused(String)
    case store(StoreError)

    public var description: String {
        switch self {
        case .conflict(let m), .notFound(let m), .refused(let m): m
        case .store(let e): e.description
        }
    }

    /// Nothing was written and the same call may succeed in a moment: the database is unreachable or full.
    public var isTemporary: Bool {
        switch self {
        case .store(.unavailable), .store(.diskFull): true
        default: false
        }
    }

    static func from(_ error: StoreError) -> StatisticsError {
        switch error {
        case .conflict(let m): .conflict(m)
        case .notFound(let m): .notFound(m)
        case .refused(let m): .refused(m)
        default: .store(error)
        }
    }
}
