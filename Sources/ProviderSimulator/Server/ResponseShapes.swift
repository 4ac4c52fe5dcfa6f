/// Which shapes the simulator answers in. `documented`: what the providers' published references and
/// real clients show (findings/provider-fidelity.md). `legacy`: the older shapes CourseBridge was first
/// written against, kept only where a real provider may still send them.
public enum ResponseShapes: String, Sendable, CaseIterable {
    case documented, legacy
}
