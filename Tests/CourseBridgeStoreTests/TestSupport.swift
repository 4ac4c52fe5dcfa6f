import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// A fresh folder per test, removed by the caller when done.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "cb-store-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A store with a group, an admin who may author there, and `learners` users.
func seededStore(_ store: Store) throws -> (group: Group, admin: User) {
    let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
    let admin = try store.addUser(User(email: "admin@acme.example", username: "admin"))
    try store.setMember(groupId: group.id!, email: admin.email, role: .groupAdmin)
    return (group, admin)
}
