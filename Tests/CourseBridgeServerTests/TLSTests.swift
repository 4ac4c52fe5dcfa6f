import Foundation
import Testing

/// Security review M5: `serve --tls-cert --tls-key` terminates TLS itself; bad files are refused with a
/// message that names the file and what to do.
@Suite(.serialized)
struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 (CN and IP SAN), made with openssl into the harness folder.
    func makeCertificate(in directory: String, name: String = "server") throws -> (cert: String, key: String) {
        let cert = directory + "/\(name).crt", key = directory + "/\(name).key"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                       "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw HarnessError("openssl req failed (\(p.terminationStatus))") }
        return (cert, key)
    }

    @Test("health and the token endpoint over HTTPS, verified against the certificate; plain HTTP is not answered")
    func endToEnd() throws {
        let h = ServeHarness()
        try h.seed()
        let (cert, key) = try makeCertificate(in: h.directory)
        try h.start(extra: ["--tls-cert", cert, "--tls-key", key])
        defer { _ = h.terminate() }
        #expect(h.baseURL.hasPrefix("https://127.0.0.1:"))
        h.curlOptions = ["--cacert", cert]
        #expect(try h.http("GET", "/health").status == 200)
        let token = try h.token()
        #expect(try h.post(linkedInStatement(), token: token).status == 200)

        // Without the certificate as trust anchor, curl refuses the self-signed server: it is really TLS.
        h.curlOptions = []
        #expect(try h.http("GET", "/health").status == 0)
        let plain = try RawSocket(port: h.port)
        plain.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(!plain.readUntilClosed(timeout: 3).text.contains("200"))
    }

    @Test("missing, unreadable, invalid and mismatched files: serve exits 1 and says which file and what to do")
    func badFiles() throws {
        let h = ServeHarness()
        try h.seed()
        let (cert, key) = try makeCertificate(in: h.directory)
        let (_, otherKey) = try makeCertificate(in: h.directory, name: "other")
        let garbage = h.directory + "/garbage.pem"
        try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let unreadable = h.directory + "/unreadable.key"
        try FileManager.default.copyItem(atPath: key, toPath: unreadable)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: unreadable)
        let runningAsRoot = getuid() == 0

        struct Case { var args: [String]; var fragment: String }
        var cases = [
            Case(args: ["--tls-cert", h.directory + "/missing.crt", "--tls-key", key], fragment: "missing.crt does not exist"),
            Case(args: ["--tls-cert", garbage, "--tls-key", key], fragment: "garbage.pem is not a PEM certificate"),
            Case(args: ["--tls-cert", cert, "--tls-key", garbage], fragment: "garbage.pem is not an unencrypted PEM private key"),
            Case(args: ["--tls-cert", cert, "--tls-key", otherKey], fragment: "does not match the certificate"),
            Case(args: ["--tls-cert", cert], fragment: "--tls-cert and --tls-key go together"),
            Case(args: ["--tls-cert", h.directory, "--tls-key", key], fragment: "is a folder"),
        ]
        if !runningAsRoot { cases.append(Case(args: ["--tls-cert", cert, "--tls-key", unreadable], fragment: "cannot read the TLS private key")) }
        let keyLines = try String(contentsOfFile: key, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("-----") }
        for c in cases {
            let (status, stderr) = try h.failedStart(extra: c.args)
            #expect(status != 0, "\(c.args)")
            #expect(stderr.contains(c.fragment), "\(c.args): \(stderr)")
            #expect(!keyLines.contains { stderr.contains($0) }, "key material in the message")
        }
    }
}
