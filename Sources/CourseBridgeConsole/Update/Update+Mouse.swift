/// Mouse: a click selects a row and a click on the selected row opens it (as Enter, or Space where Space
/// toggles); a click on a footer key or a dialog button acts as the key; the wheel scrolls three rows.
func handleMouse(_ m: inout ConsoleModel, _ e: MouseEvent, _ target: HitTarget?) -> [ConsoleEffect] {
    switch e.kind {
    case .wheelUp, .wheelDown:
        guard m.overlay == nil, !m.list.filtering, m.screen != .wizard, !m.screen.isForm else { return [] }
        return move(&m, by: e.kind == .wheelUp ? -3 : 3)
    case .press:
        switch target {
        case .key(let key)?:
            return handleKey(&m, key)
        case .row(let index)?:
            guard m.overlay == nil, !m.list.filtering else { return [] }
            if m.screen == .wizard, let w = m.wizard {
                // The wizard's lists move with its own keys: the arrows to the row, Enter on a second click.
                guard index != w.cursor else { return handleKey(&m, .enter) }
                let key: Key = index > w.cursor ? .down : .up
                return (0..<abs(index - w.cursor)).flatMap { _ in handleKey(&m, key) }
            }
            let current = m.screen.isFilters ? (m.filters?.cursor ?? 0) : m.list.selected
            guard index == current else { return move(&m, by: index - current) }
            let bindings = KeyTable.bindings(for: m.screen)
            guard let open = bindings.first(where: { $0.action == .open }) ?? bindings.first(where: { $0.action == .toggle }),
                  let key = open.keys.first else { return [] }
            return handleKey(&m, key)
        case .inert?, nil:
            return []
        }
    }
}

extension ScreenKind {
    var isFilters: Bool {
        if case .filters = self { return true }
        return false
    }
}
