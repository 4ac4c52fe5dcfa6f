import CourseBridgeCore
import Foundation

/// Services without an event log or intake (test fakes, older hosts) say so instead of failing to build.
extension ConsoleServices {
    public func events(_ query: EventQuery) throws -> [PlatformEvent] { throw NotWired("the event log") }
    public func intake() throws -> [IntakeRow] { throw NotWired("live intake") }
}
