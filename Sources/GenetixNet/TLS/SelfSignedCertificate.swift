import COpenSSL
import GenetixCrypto

/// A freshly generated self-signed certificate and its private key, both PEM-encoded.
///
/// The certificate is its own CA (basicConstraints CA:TRUE), so clients can trust it directly,
/// e.g. `curl --cacert cert.pem https://localhost:8443/`.
public struct SelfSignedCertificate: Sendable, Equatable {
    /// The kind of key generated for the certificate.
    public enum KeyType: Sendable, Equatable {
        /// ECDSA on NIST P-256 (prime256v1), signed with SHA-256.
        case ecP256
    }

    /// The certificate, `-----BEGIN CERTIFICATE-----`.
    public let certificatePEM: String
    /// The PKCS#8 private key, `-----BEGIN PRIVATE KEY-----`; keep it secret.
    public let privateKeyPEM: String
    /// The SHA-256 fingerprint of the DER certificate, upper-case hex bytes separated by ':' (as `openssl x509 -fingerprint` prints it).
    public let sha256Fingerprint: String
    /// The DNS names and IP addresses the certificate is valid for.
    public let subjectAltNames: [String]
    /// How many days from now the certificate stays valid.
    public let validDays: Int

    /// The default names: this host seen through loopback.
    public static let defaultSubjectAltNames = ["localhost", "127.0.0.1", "::1"]

    /// Generates a key pair and a self-signed X.509 v3 certificate.
    ///
    /// - Parameters:
    ///   - commonName: the subject and issuer CN.
    ///   - subjectAltNames: DNS names (optionally `*.` wildcards) and IPv4/IPv6 addresses; must not be empty.
    ///   - validDays: validity from now (1 to 3650); the start is backdated 5 minutes for clock skew.
    ///   - keyType: the key algorithm.
    /// - Throws: `TLSError.invalidSubjectAltName`, `.invalidConfiguration` or `.certificateGenerationFailed`.
    public static func generate(commonName: String = "localhost", subjectAltNames: [String] = defaultSubjectAltNames,
                                validDays: Int = 365, keyType: KeyType = .ecP256) throws(TLSError) -> SelfSignedCertificate {
        guard (1...3650).contains(validDays) else {
            throw .invalidConfiguration("certificate validity of \(validDays) days is outside 1...3650")
        }
        guard !subjectAltNames.isEmpty else {
            throw .invalidConfiguration("a certificate needs at least one host name or IP address")
        }
        guard !commonName.isEmpty, commonName.utf8.count <= 64 else {
            throw .invalidConfiguration("certificate common name must be 1 to 64 bytes, got \"\(commonName)\"")
        }
        var entries: [String] = []
        for name in subjectAltNames {
            if TLSAddressParser.isIPAddress(name) {
                entries.append("IP:\(name)")
            } else if TLSAddressParser.isDNSName(name) {
                entries.append("DNS:\(name)")
            } else {
                throw .invalidSubjectAltName(name)
            }
        }
        ERR_clear_error()
        let key = try generateKey(keyType)
        defer { EVP_PKEY_free(key) }
        let builder = try CertificateBuilder()
        try builder.setBasics(key: key, commonName: commonName, validDays: validDays)
        try builder.addExtension(NID_basic_constraints, "critical,CA:TRUE")
        try builder.addExtension(NID_key_usage, "critical,digitalSignature,keyCertSign")
        try builder.addExtension(NID_ext_key_usage, "serverAuth,clientAuth")
        try builder.addExtension(NID_subject_key_identifier, "hash")
        try builder.addExtension(NID_authority_key_identifier, "keyid:always")
        try builder.addExtension(NID_subject_alt_name, entries.joined(separator: ","))
        try builder.sign(key: key)
        return SelfSignedCertificate(
            certificatePEM: try builder.certificatePEM(),
            privateKeyPEM: try privateKeyPEM(key),
            sha256Fingerprint: try builder.sha256Fingerprint(),
            subjectAltNames: subjectAltNames,
            validDays: validDays)
    }

    private static func generateKey(_ keyType: KeyType) throws(TLSError) -> OpaquePointer {
        switch keyType {
        case .ecP256:
            guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
                throw .certificateGenerationFailed(step: "create an EC key context", reason: OpenSSLErrorQueue.drain())
            }
            defer { EVP_PKEY_CTX_free(context) }
            var key: OpaquePointer?
            guard EVP_PKEY_keygen_init(context) == 1,
                  EVP_PKEY_CTX_set_group_name(context, "P-256") == 1,
                  EVP_PKEY_generate(context, &key) == 1, let key else {
                throw .certificateGenerationFailed(step: "generate a P-256 key", reason: OpenSSLErrorQueue.drain())
            }
            return key
        }
    }

    private static func privateKeyPEM(_ key: OpaquePointer) throws(TLSError) -> String {
        try MemoryBIO.text(step: "encode the private key as PEM") { bio in
            PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1
        }
    }
}

/// An X509 under construction, freed on deinit.
private final class CertificateBuilder {
    let certificate: OpaquePointer

    init() throws(TLSError) {
        guard let certificate = X509_new() else {
            throw .certificateGenerationFailed(step: "allocate the certificate", reason: OpenSSLErrorQueue.drain())
        }
        self.certificate = certificate
    }

    deinit { X509_free(certificate) }

    func setBasics(key: OpaquePointer, commonName: String, validDays: Int) throws(TLSError) {
        // X.509 v3 is encoded as version 2. A random positive 127-bit serial (RFC 5280 allows up to 20 octets).
        guard X509_set_version(certificate, 2) == 1 else {
            throw .certificateGenerationFailed(step: "set the version", reason: OpenSSLErrorQueue.drain())
        }
        var serialBytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&serialBytes, Int32(serialBytes.count)) == 1 else {
            throw .certificateGenerationFailed(step: "draw a random serial number", reason: OpenSSLErrorQueue.drain())
        }
        serialBytes[0] &= 0x7f
        serialBytes[0] |= 0x01
        guard let serial = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else {
            throw .certificateGenerationFailed(step: "encode the serial number", reason: OpenSSLErrorQueue.drain())
        }
        defer { BN_free(serial) }
        guard BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil else {
            throw .certificateGenerationFailed(step: "set the serial number", reason: OpenSSLErrorQueue.drain())
        }
        guard X509_gmtime_adj(X509_getm_notBefore(certificate), -300) != nil,
              X509_gmtime_adj(X509_getm_notAfter(certificate), validDays * 86_400) != nil else {
            throw .certificateGenerationFailed(step: "set the validity period", reason: OpenSSLErrorQueue.drain())
        }
        let name = X509_get_subject_name(certificate)
        guard X509_NAME_add_entry_by_txt(name, "O", shim_mbstring_utf8(), "Genetix", -1, -1, 0) == 1,
              X509_NAME_add_entry_by_txt(name, "CN", shim_mbstring_utf8(), commonName, -1, -1, 0) == 1,
              X509_set_issuer_name(certificate, name) == 1 else {
            throw .certificateGenerationFailed(step: "set the subject and issuer name", reason: OpenSSLErrorQueue.drain())
        }
        guard X509_set_pubkey(certificate, key) == 1 else {
            throw .certificateGenerationFailed(step: "set the public key", reason: OpenSSLErrorQueue.drain())
        }
    }

    func addExtension(_ nid: Int32, _ value: String) throws(TLSError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        guard let extensionObject = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw .certificateGenerationFailed(step: "build the extension \(String(cString: OBJ_nid2sn(nid))) = \(value)",
                                               reason: OpenSSLErrorQueue.drain())
        }
        defer { X509_EXTENSION_free(extensionObject) }
        guard X509_add_ext(certificate, extensionObject, -1) == 1 else {
            throw .certificateGenerationFailed(step: "add the extension \(String(cString: OBJ_nid2sn(nid)))", reason: OpenSSLErrorQueue.drain())
        }
    }

    func sign(key: OpaquePointer) throws(TLSError) {
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else {
            throw .certificateGenerationFailed(step: "sign the certificate with SHA-256", reason: OpenSSLErrorQueue.drain())
        }
    }

    func certificatePEM() throws(TLSError) -> String {
        try MemoryBIO.text(step: "encode the certificate as PEM") { bio in PEM_write_bio_X509(bio, certificate) == 1 }
    }

    func sha256Fingerprint() throws(TLSError) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 else {
            throw .certificateGenerationFailed(step: "compute the SHA-256 fingerprint", reason: OpenSSLErrorQueue.drain())
        }
        let hexDigits = Array("0123456789ABCDEF")
        return digest.prefix(Int(length)).map { String([hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0f)]]) }.joined(separator: ":")
    }
}

/// Collects what an OpenSSL writer puts into a memory BIO as text.
enum MemoryBIO {
    static func text(step: String, _ write: (OpaquePointer) -> Bool) throws(TLSError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw .certificateGenerationFailed(step: step, reason: OpenSSLErrorQueue.drain())
        }
        defer { BIO_free(bio) }
        guard write(bio) else { throw .certificateGenerationFailed(step: step, reason: OpenSSLErrorQueue.drain()) }
        let pending = Int(BIO_ctrl_pending(bio))
        var bytes = [UInt8](repeating: 0, count: pending)
        guard BIO_read(bio, &bytes, Int32(pending)) == Int32(pending) else {
            throw .certificateGenerationFailed(step: step, reason: OpenSSLErrorQueue.drain())
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
