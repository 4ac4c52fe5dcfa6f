/// A mouse event as the terminal reported it (cells, from 0 at the top left).
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// What a cell of the last frame stands for, recorded by `render` so `update` knows what a click meant.
public enum HitTarget: Equatable, Sendable {
    /// Row `index` of the screen's list (the same index the cursor uses).
    case row(Int)
    /// A footer key, a dialog button or the breadcrumb: a click does what the key does.
    case key(Key)
    /// A dialog's body: a click there reaches nothing below it.
    case inert
}

public struct HitArea: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var target: HitTarget
}

extension ScreenBuffer {
    /// Records that cells (x..<x+width, y..<y+height) stand for `target`; areas recorded later lie on top.
    public mutating func hit(x: Int, y: Int, width: Int, height: Int = 1, _ target: HitTarget) {
        guard width > 0, height > 0 else { return }
        hits.append(HitArea(x: x, y: y, width: width, height: height, target: target))
    }

    /// The topmost target under a cell, nil when the cell stands for nothing.
    public func target(x: Int, y: Int) -> HitTarget? {
        hits.last { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }?.target
    }
}
