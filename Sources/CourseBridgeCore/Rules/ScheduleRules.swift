import Foundation

/// When a scheduled sync is due. Pure: the scheduler passes the clock in.
public enum ScheduleRules {
    /// Due when a scheduled instant has passed since the last run (or since the integration was set up).
    /// This also catches up, once, a run missed while the process was down.
    public static func isDue(schedule: DailySchedule, lastRun: Date?, configuredAt: Date, now: Date) -> Bool {
        let previous = schedule.previousRun(atOrBefore: now)
        return previous > max(lastRun ?? configuredAt, configuredAt)
    }
}
