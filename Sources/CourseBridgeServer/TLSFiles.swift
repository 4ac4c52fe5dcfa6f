import Foundation
import NIOSSL

/// `serve --tls-cert FILE --tls-key FILE`: the server's certificate chain and private key, PEM.
public struct TLSFiles: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }

    /// The server side TLS configuration (TLS 1.2 or newer), or an error saying which file is wrong and how.
    func configuration() throws(TLSSetupError) -> TLSConfiguration {
        let certificateBytes = try Self.read(certificatePath, what: "certificate", option: "--tls-cert")
        let keyBytes = try Self.read(keyPath, what: "private key", option: "--tls-key")
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMBytes(certificateBytes) } catch {
            throw TLSSetupError("\(certificatePath) is not a PEM certificate (\(error)): pass the server certificate, "
                                + "followed by any intermediate certificates, as -----BEGIN CERTIFICATE----- blocks")
        }
        guard !chain.isEmpty else {
            throw TLSSetupError("\(certificatePath) holds no certificate: pass a PEM file with a -----BEGIN CERTIFICATE----- block")
        }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem) } catch {
            throw TLSSetupError("\(keyPath) is not an unencrypted PEM private key (\(error)): pass the key of the certificate, "
                                + "without a passphrase (openssl pkey -in KEY -out KEY.plain)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do { _ = try NIOSSLContext(configuration: configuration) } catch {
            throw TLSSetupError("the private key \(keyPath) does not match the certificate \(certificatePath) (\(error)): "
                                + "pass the key the certificate was issued for")
        }
        return configuration
    }

    static func read(_ path: String, what: String, option: String) throws(TLSSetupError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TLSSetupError("the TLS \(what) file \(path) does not exist: check the path given to \(option)")
        }
        guard !isDirectory.boolValue else { throw TLSSetupError("\(path) is a folder, not the TLS \(what) file: check \(option)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TLSSetupError("cannot read the TLS \(what) file \(path): let the user running serve read it")
        }
        guard !data.isEmpty else { throw TLSSetupError("the TLS \(what) file \(path) is empty: check \(option)") }
        return [UInt8](data)
    }
}

/// TLS cannot start with the given files.
public struct TLSSetupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
