import CourseBridgeProviders
import Foundation

/// How long a sync waits for a provider's report (Percipio's learning activity report), from the
/// environment: `COURSEBRIDGE_REPORT_POLL_SECONDS` (first interval, doubled up to a minute; default 5) and
/// `COURSEBRIDGE_REPORT_MAX_WAIT_SECONDS` (default 3600). Unset or unreadable values keep the defaults.
enum ReportPollingSettings {
    static func apply(_ environment: [String: String], to options: inout CatalogSourceOptions) {
        if let poll = environment["COURSEBRIDGE_REPORT_POLL_SECONDS"].flatMap(Double.init), poll > 0 {
            options.reportPollInterval = poll
        }
        if let wait = environment["COURSEBRIDGE_REPORT_MAX_WAIT_SECONDS"].flatMap(Double.init), wait >= 0 {
            options.reportMaxWait = wait
        }
    }
}
