import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension LearningPath {
    init(row: Row) {
        self.init(id: row["id"], groupId: row["group_id"], name: row["name"], isLinear: row["is_linear"], createdBy: row["created_by"])
    }
}

extension Store {
    // MARK: - Paths

    public func addPath(name: String, groupId: Int64, linear: Bool, createdBy userId: Int64) throws(StoreError) -> LearningPath {
        let trimmed = name.trimmed
        guard !trimmed.isEmpty else { throw .invalid("a path needs a name") }
        _ = try group(id: groupId)
        let at = now().storeValue
        let id = try write { db in
            try db.execute(sql: "INSERT INTO path(group_id, name, is_linear, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [groupId, trimmed, linear, userId, at])
            return db.lastInsertedRowID
        }
        return try path(id: id)
    }

    public func path(id: Int64) throws(StoreError) -> LearningPath {
        let found = try read { db in try Row.fetchOne(db, sql: "SELECT * FROM path WHERE id = ?", arguments: [id]).map(LearningPath.init(row:)) }
        guard let found else { throw .notFound("no path with id \(id); create one with: coursebridge path add NAME --group ID --as EMAIL") }
        return found
    }

    /// Appends a course as the path's last step; returns its position (1-based).
    @discardableResult
    public func addPathStep(pathId: Int64, courseId: Int64) throws(StoreError) -> Int {
        _ = try path(id: pathId)
        _ = try course(id: courseId)
        return try write { db in
            if let position = try Int.fetchOne(db, sql: "SELECT position FROM path_step WHERE path_id = ? AND course_id = ?",
                                               arguments: [pathId, courseId]) {
                throw StoreError.conflict("course \(courseId) is already step \(position) of path \(pathId)")
            }
            let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM path_step WHERE path_id = ?", arguments: [pathId]) ?? 0) + 1
            try db.execute(sql: "INSERT INTO path_step(path_id, position, course_id) VALUES (?, ?, ?)", arguments: [pathId, position, courseId])
            return position
        }
    }

    /// Enrolls a learner. False when already enrolled.
    @discardableResult
    public func enroll(pathId: Int64, userId: Int64) throws(StoreError) -> Bool {
        _ = try path(id: pathId)
        let at = now().storeValue
        return try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO path_enrollment(path_id, user_id, enrolled_at) VALUES (?, ?, ?)",
                           arguments: [pathId, userId, at])
            return db.changesCount > 0
        }
    }

    /// The path's steps in order; with a learner, each step's attempt status and availability (linear paths lock
    /// the steps after an uncompleted one).
    public func pathReport(pathId: Int64, learnerEmail: String?) throws(StoreError) -> PathReport {
        let path = try path(id: pathId)
        let learner = try learnerEmail.map { email throws(StoreError) in try user(email: email) }
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.position, c.* FROM path_step s JOIN course c ON c.id = s.course_id WHERE s.path_id = ? ORDER BY s.position
                """, arguments: [pathId])
            var steps = rows.map { PathStepReport(position: $0["position"], course: Course(row: $0), status: nil, availability: nil) }
            guard let learner, let userId = learner.id else { return PathReport(path: path, steps: steps) }
            let enrolled = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM path_enrollment WHERE path_id = ? AND user_id = ?)",
                                             arguments: [pathId, userId]) ?? false
            let states = try SQLiteStatisticsTransaction(db: db).pathSteps(pathId: pathId, userId: userId)?.steps ?? []
            let progress = PathProgress(steps: states, linear: path.isLinear)
            for i in steps.indices where i < states.count {
                steps[i].status = states[i].status.rawValue
                steps[i].availability = progress.steps[i].rawValue
            }
            return PathReport(path: path, steps: steps, learner: learner.email, enrolled: enrolled, status: progress.status.rawValue)
        }
    }
}

extension PathReport {
    init(path: LearningPath, steps: [PathStepReport]) {
        self.init(path: path, steps: steps, learner: nil, enrolled: nil, status: nil)
    }
}
