/// A map of at most `capacity` entries: inserting into a full map forgets the least recently used key.
/// Reads and writes both count as a use. O(1) per operation (a dictionary over a doubly linked list
/// kept in arrays), so a flood of new keys costs the same per request as a quiet day.
public struct LRUMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let capacity: Int
    private var index: [Key: Int] = [:]
    private var nodes: [Node] = []
    /// Most recently used, least recently used (slots in `nodes`), -1 when empty.
    private var head = -1
    private var tail = -1
    private var free: [Int] = []

    private struct Node: Sendable {
        var key: Key
        var value: Value
        var previous: Int
        var next: Int
    }

    public init(capacity: Int) {
        precondition(capacity > 0, "an LRUMap needs room for at least one entry")
        self.capacity = capacity
    }

    public var count: Int { index.count }

    /// The keys from most to least recently used.
    public var keys: [Key] {
        var out: [Key] = []
        var slot = head
        while slot >= 0 {
            out.append(nodes[slot].key)
            slot = nodes[slot].next
        }
        return out
    }

    /// The value, marking the key as used.
    public mutating func get(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        moveToFront(slot)
        return nodes[slot].value
    }

    /// The value without marking the key as used.
    public func peek(_ key: Key) -> Value? {
        index[key].map { nodes[$0].value }
    }

    /// Stores the value as the most recently used; returns the key evicted to make room, if any.
    @discardableResult
    public mutating func set(_ key: Key, _ value: Value) -> Key? {
        if let slot = index[key] {
            nodes[slot].value = value
            moveToFront(slot)
            return nil
        }
        var evicted: Key?
        if index.count >= capacity {
            let last = tail
            evicted = nodes[last].key
            unlink(last)
            index[nodes[last].key] = nil
            free.append(last)
        }
        let node = Node(key: key, value: value, previous: -1, next: head)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        if head >= 0 { nodes[head].previous = slot }
        head = slot
        if tail < 0 { tail = slot }
        index[key] = slot
        return evicted
    }

    public mutating func remove(_ key: Key) {
        guard let slot = index.removeValue(forKey: key) else { return }
        unlink(slot)
        free.append(slot)
    }

    private mutating func moveToFront(_ slot: Int) {
        guard slot != head else { return }
        unlink(slot)
        nodes[slot].previous = -1
        nodes[slot].next = head
        if head >= 0 { nodes[head].previous = slot }
        head = slot
        if tail < 0 { tail = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let (previous, next) = (nodes[slot].previous, nodes[slot].next)
        if previous >= 0 { nodes[previous].next = next } else { head = next }
        if next >= 0 { nodes[next].previous = previous } else { tail = previous }
        nodes[slot].previous = -1
        nodes[slot].next = -1
    }
}
