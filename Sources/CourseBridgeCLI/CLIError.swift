import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore

/// An error for the person at the terminal: ArgumentParser prints its description on stderr and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a body and turns the domain's typed errors into messages (never a stack trace).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw CLIError(error.description)
    } catch let error as CoreError {
        throw CLIError(error.description)
    }
}
