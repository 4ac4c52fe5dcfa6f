import CourseBridgeCore

/// The setup wizard: provider → group → author → credentials → TEST CONNECTION → (Coursera) programs → done.
/// Nothing is stored until the last step: leaving at any step leaves no integration behind.
public struct WizardState: Equatable, Sendable {
    public enum Step: Int, Equatable, Sendable, CaseIterable { case provider, group, author, credentials, test, programs, done }
    public var step: Step = .provider
    public var cursor = 0
    public var provider: Provider?
    public var groupId: Int64?
    public var authorEmail: String?
    public var options: WizardOptions?
    public var integrationId: Int64?
    public var form = FormState(fields: [])
    public var autoMapPrograms = true
    /// The wizard's own TEST CONNECTION (before anything is stored): running, then its outcome.
    public var testing = false
    public var outcome: ConnectionOutcome?
    public init() {}
}
