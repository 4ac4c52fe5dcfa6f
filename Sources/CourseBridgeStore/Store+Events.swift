import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// The event log: appended by the engine and the server, read newest first.
extension Store {
    static func createEventLog(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE event (
                id INTEGER PRIMARY KEY,
                at REAL NOT NULL,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL CHECK (severity IN ('info','warning','error')),
                integration_id INTEGER REFERENCES integration(id) ON DELETE SET NULL,
                message TEXT NOT NULL
            );
            CREATE INDEX event_by_integration ON event(integration_id, id);
            """)
    }

    public func appendEvent(_ kind: PlatformEvent.Kind, severity: PlatformEvent.Severity, integrationId: Int64?,
                            message: String) throws(StoreError) {
        let at = now().storeValue
        try write { db in
            try db.execute(sql: "INSERT INTO event(at, kind, severity, integration_id, message) VALUES (?, ?, ?, ?, ?)",
                           arguments: [at, kind.rawValue, severity.rawValue, integrationId, message])
            // Pruned in steps of a thousand, so the delete runs once per thousand events, not on each.
            let id = db.lastInsertedRowID
            if id % 1_000 == 0 {
                try db.execute(sql: "DELETE FROM event WHERE id <= ?", arguments: [id - Int64(PlatformEvent.kept)])
            }
        }
    }

    public func events(_ query: EventQuery) throws(StoreError) -> [PlatformEvent] {
        try read { db in
            var sql = "SELECT id, at, kind, severity, integration_id, message FROM event WHERE 1"
            var arguments: StatementArguments = []
            if !query.kinds.isEmpty {
                sql += " AND kind IN (\(query.kinds.map { _ in "?" }.joined(separator: ",")))"
                for kind in query.kinds.sorted(by: { $0.rawValue < $1.rawValue }) { _ = arguments.append(contentsOf: [kind.rawValue]) }
            }
            if let id = query.integrationId {
                sql += " AND integration_id = ?"
                _ = arguments.append(contentsOf: [id])
            }
            if let text = query.text, !text.isEmpty {
                sql += " AND instr(lower(message), lower(?)) > 0"
                _ = arguments.append(contentsOf: [text])
            }
            sql += " ORDER BY id DESC LIMIT ?"
            _ = arguments.append(contentsOf: [max(1, query.limit)])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row -> PlatformEvent? in
                guard let kind = PlatformEvent.Kind(rawValue: row["kind"]),
                      let severity = PlatformEvent.Severity(rawValue: row["severity"]) else { return nil }
                return PlatformEvent(id: row["id"], at: Date(storeValue: row["at"]), kind: kind, severity: severity,
                                     integrationId: row["integration_id"], message: row["message"])
            }
        }
    }
}
