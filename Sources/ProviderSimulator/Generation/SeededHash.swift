/// Deterministic pseudo-random values derived from a key, never from state: every generated
/// field is a pure function of (seed, provider, index, day, salt), so any item can be
/// computed on its own and a catalog never has to be held in memory.
struct SeededHash: Sendable {
    private var state: UInt64

    init(_ parts: UInt64...) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for p in parts { h = Self.mix(h ^ Self.mix(p &+ 0x632B_E59B_D9B4_E019)) }
        state = h
    }

    init(seed: UInt64, salt: String, _ parts: Int...) {
        var h = Self.mix(seed ^ 0xD1B5_4A32_D192_ED03)
        for byte in salt.utf8 { h = Self.mix(h ^ UInt64(byte)) }
        for p in parts { h = Self.mix(h ^ UInt64(bitPattern: Int64(p))) }
        state = h
    }

    /// SplitMix64 finalizer: a good avalanche for sequential keys.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    // MARK: - Drawing values

    mutating func next() -> UInt64 {
        state = Self.mix(state)
        return state
    }

    /// A value in 0..<bound.
    mutating func int(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next() % UInt64(bound))
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// A value in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[int(values.count)]
    }

    /// Picks by weight: `[(value, weight)]`.
    mutating func weighted<T>(_ table: [(T, Int)]) -> T {
        let total = table.reduce(0) { $0 + $1.1 }
        var roll = int(total)
        for (value, weight) in table {
            if roll < weight { return value }
            roll -= weight
        }
        return table[table.count - 1].0
    }

    /// `count` distinct picks (or all values when there are fewer).
    mutating func distinct<T>(_ values: [T], count: Int) -> [T] {
        var pool = values
        var out: [T] = []
        while out.count < count, !pool.isEmpty {
            out.append(pool.remove(at: int(pool.count)))
        }
        return out
    }

    mutating func hex(_ digits: Int) -> String {
        var s = ""
        while s.count < digits { s += String(next(), radix: 16) }
        return String(s.prefix(digits))
    }

    /// A UUID-shaped string (lower case, version 4 layout).
    mutating func uuid() -> String {
        let h = hex(32)
        let c = Array(h)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }
}
