import PostgresNIO

extension PostgresRow {
    /// The value of column `name` as `T` (an Optional for a nullable column). Unlike postgres-nio's
    /// `makeRandomAccess()[name]`, which stops the process for a missing column, a missing column or another type
    /// throws `decoding`.
    ///
    /// Types as PostgreSQL sends them: bigint → Int64 or Int, double precision → Double, text → String,
    /// bytea → ByteBuffer or Data. Aggregates change types: SUM(bigint) and AVG are `numeric` (cast to bigint or
    /// double precision in the SQL), COUNT(*) is bigint.
    public func decode<T: PostgresDecodable>(column name: String, as type: T.Type = T.self) throws(PostgresAccessError) -> T {
        for cell in self where cell.columnName == name {
            do { return try cell.decode(T.self) } catch {
                throw .decoding("column '\(name)' (\(cell.dataType)) is not a \(T.self): \(error)")
            }
        }
        throw .decoding("the row has no column '\(name)'")
    }

    /// The value of the column at `index` (0-based) as `T`.
    public func decode<T: PostgresDecodable>(index: Int, as type: T.Type = T.self) throws(PostgresAccessError) -> T {
        let cells = Array(self)
        guard cells.indices.contains(index) else { throw .decoding("the row has no column \(index)") }
        do { return try cells[index].decode(T.self) } catch {
            throw .decoding("column \(index) '\(cells[index].columnName)' (\(cells[index].dataType)) is not a \(T.self): \(error)")
        }
    }
}
