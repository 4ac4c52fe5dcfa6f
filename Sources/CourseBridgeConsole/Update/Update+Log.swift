import CourseBridgeCore
import Foundation

/// Keys of the event log and live intake screens.
func performLogAction(_ m: inout ConsoleModel, _ action: Action) -> [ConsoleEffect] {
    switch action {
    case .events: return push(&m, .events)
    case .intake: return push(&m, .intake)
    case .cycleKind:
        guard m.screen == .events else { return [] }
        m.eventKind = nextEventKind(after: m.eventKind)
        m.list.selected = 0
        m.list.top = 0
        return [.loadEvents(m.eventQuery)]
    default: return []
    }
}

/// Ticks come ten times a second: the event log rereads every second, intake every second on its screen and
/// every two on the dashboard. Nothing while a dialog or a `/` filter is being typed.
func liveRefresh(_ m: ConsoleModel) -> [ConsoleEffect] {
    guard m.overlay == nil else { return [] }
    switch m.screen {
    case .events where m.tick % 10 == 0: return [.loadEvents(m.eventQuery)]
    case .intake where m.tick % 10 == 0: return [.loadIntake]
    case .dashboard where m.tick % 20 == 0: return [.loadIntake]
    default: return []
    }
}
