import Foundation

/// What is wrong with a statement, and where: `statement[2].actor: an Agent needs exactly one identifier …`.
public struct XAPIValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where, as a path into the request body (`body`, `statement`, `statement[2].result.score.scaled`).
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
