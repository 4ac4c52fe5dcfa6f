import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

/// `coursebridge key`: the encryption key of the sealed provider credentials.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "The encryption key of the stored provider credentials: where it is, and rotation.",
        discussion: """
            The key is COURSEBRIDGE_SECRET_KEY (32 bytes in base64) when set, else the file <db>.key (mode 600) beside \
            the database, made when the first database is created. Instances sharing a database must share the key. \
            Back it up apart from the database: without it the stored credentials cannot be read.
            """,
        subcommands: [Status.self, Rotate.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where the key is, its file mode, and how many secrets it seals.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            let status = try reportingErrors { try store.keyStatus() }
            print("key:             \(status.source)")
            if let mode = status.fileMode { print("file mode:       \(String(mode, radix: 8)) (owner only)") }
            print("fingerprint:     \(status.fingerprint)   (names the key; reveals nothing about it)")
            print("sealed secrets:  \(status.sealedSecrets) (provider credentials, bound to their integration)")
            print("webhook secrets: \(status.hashedWebhookSecrets) stored as hashes (need no key)")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-seal every stored secret under a new key, then replace the key file.",
            discussion: """
                The secrets are re-sealed in one transaction; the new key is saved to <db>.key.new first and renamed \
                over <db>.key after the commit. If the command is interrupted, the next coursebridge command finishes \
                or undoes it. Restart running coursebridge processes afterwards, and copy the new key file to every \
                instance that shares this database.
                """)
        @OptionGroup var global: GlobalOptions
        // Slows the re-sealing down, so the fault suite can kill a rotation half-way.
        @Option(help: .hidden) var pausePerSecret: Double = 0

        func run() throws {
            let store = try global.openStore()
            let result = try reportingErrors { try store.rotateKey(environment: ProcessInfo.processInfo.environment, pauseAfterEachValue: pausePerSecret) }
            print("key rotated: \(Plural.count(result.resealed, "secret")) re-sealed under the new key (fingerprint \(result.fingerprint))")
            print("new key file: \(Store.keyPath(forDatabase: global.databasePath))")
            print("restart running coursebridge processes, copy the new key file to every instance sharing this database,")
            print("and keep the old key only with backups of the database taken before this rotation")
        }
    }
}
