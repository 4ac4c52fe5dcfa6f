import CourseBridgeEngine
import CourseBridgeData
import CourseBridgeStore

/// Connects the modules for the executable.
enum Wiring {
    /// Pulled learner activity (Coursera, edX) goes through the statistics module's attempt rules.
    static func statisticsApplier(store: any DataStore) -> PulledStatisticsApplier? { PulledStatistics(store: store) }
}
