import PostgresNIO

/// What runs statements: the pool (each call on any free connection, committed at once) or a transaction (every
/// call on its connection, committed together). Code that works either way takes this.
public protocol PostgresQuerying {
    func query(_ sql: String, _ binds: [PostgresBind?]) throws(PostgresAccessError) -> [PostgresRow]
    @discardableResult
    func execute(_ sql: String, _ binds: [PostgresBind?]) throws(PostgresAccessError) -> Int
}

extension PostgresPool: PostgresQuerying {}
extension PostgresTransaction: PostgresQuerying {}
