import CourseBridgeData
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The key file beside a database (`<db>.key`): read strictly, written durably, created race-free.
///
/// A key file that exists but cannot be used is an error, never a reason to make a new key: a new key cannot
/// open the secrets already sealed, and they would be lost for good.
public enum SecretKeyFile {
    /// The key at `path`, or nil when there is no file there. Refuses a directory, an unreadable file, a file
    /// other users can read, and anything but 32 bytes in base64.
    public static func read(at path: String) throws(StoreError) -> SecretBox? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            if code == EACCES || code == EPERM {
                throw .badKey("the key file \(path) cannot be read (permission denied): run coursebridge as the user who owns it, or give it to that user with chown; no new key was made, since it could not open the secrets already sealed")
            }
            throw .badKey("the key file \(path) cannot be opened (\(String(cString: strerror(code)))); fix or restore it, or set \(SecretBox.environmentVariable)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .badKey("the key file \(path) cannot be examined (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let kind = info.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file"
            throw .badKey("the key path \(path) is \(kind), not a key file: move it away and restore the key file from backup (or set \(SecretBox.environmentVariable)); no new key was made")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .badKey("the key file \(path) can be read by other users (mode \(String(mode, radix: 8))); restrict it with: chmod 600 \(path)")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count <= 4096 {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .badKey("the key file \(path) cannot be read (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let decoded = Data(base64Encoded: text) else {
            throw .badKey("the key file \(path) is damaged (not base64 text, \(data.count) bytes): restore it from backup or set \(SecretBox.environmentVariable); sealed secrets cannot be read without it")
        }
        guard decoded.count == 32 else {
            throw .badKey("the key file \(path) is damaged (\(decoded.count) bytes of key instead of 32): restore it from backup or set \(SecretBox.environmentVariable); sealed secrets cannot be read without it")
        }
        return SecretBox(key: SymmetricKey(data: decoded))
    }

    /// Creates the key file with `box`'s key unless one appears first: the key is written to a temporary file
    /// and fsynced, then hard-linked to `path` (link fails when `path` exists, so two processes cannot both win;
    /// the loser reads the winner's key). Returns the key in the file.
    public static func create(at path: String, with box: SecretBox) throws(StoreError) -> SecretBox {
        let temporary = try writeTemporary(beside: path, contents: box.fileContents)
        defer { unlink(temporary) }
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST {
                guard let winner = try read(at: path) else { throw .badKey("the key file \(path) vanished while it was created; try again") }
                return winner
            }
            throw .badKey("the key file \(path) cannot be created (\(String(cString: strerror(code)))); check the folder's permissions")
        }
        syncDirectory(of: path)
        return box
    }

    /// Writes `box`'s key to `path`, replacing what is there: temporary file, fsync, rename, fsync of the folder.
    public static func replace(at path: String, with box: SecretBox) throws(StoreError) {
        let temporary = try writeTemporary(beside: path, contents: box.fileContents)
        guard Glibc.rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .badKey("the key file \(path) cannot be written (\(String(cString: strerror(code))))")
        }
        syncDirectory(of: path)
    }

    /// Renames `from` over `to` and makes the rename durable.
    public static func move(_ from: String, to: String) throws(StoreError) {
        guard Glibc.rename(from, to) == 0 else {
            throw .badKey("cannot rename \(from) to \(to) (\(String(cString: strerror(errno)))); rename it by hand")
        }
        syncDirectory(of: to)
    }

    public static func remove(_ path: String) {
        unlink(path)
        syncDirectory(of: path)
    }

    private static func writeTemporary(beside path: String, contents: Data) throws(StoreError) -> String {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .badKey("cannot write a key file beside \(path) (\(String(cString: strerror(errno)))); check the folder's permissions")
        }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw .badKey("cannot write a key file beside \(path) (\(String(cString: strerror(code))))")
        }
        return temporary
    }

    /// A rename or link is durable only once the folder holding it is synced.
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
