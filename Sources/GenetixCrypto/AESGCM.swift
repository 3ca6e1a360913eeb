import COpenSSL

/// AES-256-GCM authenticated encryption.
///
/// A sealed message is laid out as `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`; every seal draws a fresh
/// random nonce, so one key may seal up to about 2³² messages.
public enum AESGCM {
    /// The key length in bytes (AES-256).
    public static let keyByteCount = 32
    /// The nonce length in bytes.
    public static let nonceByteCount = 12
    /// The authentication tag length in bytes.
    public static let tagByteCount = 16

    /// Encrypts and authenticates `plaintext` (and authenticates `associatedData`) under a 32-byte `key`.
    ///
    /// - Returns: `nonce ‖ ciphertext ‖ tag`.
    /// - Throws: `CryptoError.invalidKeyLength` if `key` is not 32 bytes.
    public static func seal(plaintext: some Collection<UInt8>, key: some Collection<UInt8>,
                            associatedData: some Collection<UInt8> = [UInt8]()) throws(CryptoError) -> [UInt8] {
        try seal(plaintext: plaintext, key: key, associatedData: associatedData, nonce: SecureRandom.bytes(nonceByteCount))
    }

    /// Seals with a caller-chosen nonce; internal so tests can check published test vectors. Never reuse a nonce.
    static func seal(plaintext: some Collection<UInt8>, key: some Collection<UInt8>,
                     associatedData: some Collection<UInt8>, nonce: [UInt8]) throws(CryptoError) -> [UInt8] {
        let keyBytes = try checkedKey(key)
        precondition(nonce.count == nonceByteCount, "AES-GCM nonce must be \(nonceByteCount) bytes")
        let input = Array(plaintext)
        let aad = Array(associatedData)
        let context = try CipherContext()
        try context.initialize(encrypt: true, key: keyBytes, nonce: nonce)
        try context.addAssociatedData(aad)
        var output = nonce
        output.append(contentsOf: try context.update(input))
        try context.finish()
        output.append(contentsOf: try context.tag())
        return output
    }

    /// Verifies and decrypts a message produced by `seal` under the same `key` and `associatedData`.
    ///
    /// - Throws: `CryptoError.authenticationFailed` if the message, key or associated data do not match;
    ///   `CryptoError.sealedMessageTooShort` or `.invalidKeyLength` for malformed input.
    public static func open(_ sealed: some Collection<UInt8>, key: some Collection<UInt8>,
                            associatedData: some Collection<UInt8> = [UInt8]()) throws(CryptoError) -> [UInt8] {
        let keyBytes = try checkedKey(key)
        let message = Array(sealed)
        let minimum = nonceByteCount + tagByteCount
        guard message.count >= minimum else { throw .sealedMessageTooShort(length: message.count, minimum: minimum) }
        let nonce = Array(message[0..<nonceByteCount])
        let ciphertext = Array(message[nonceByteCount..<(message.count - tagByteCount)])
        let tag = Array(message[(message.count - tagByteCount)...])
        let context = try CipherContext()
        try context.initialize(encrypt: false, key: keyBytes, nonce: nonce)
        try context.addAssociatedData(Array(associatedData))
        let plaintext = try context.update(ciphertext)
        try context.setExpectedTag(tag)
        guard context.finishVerifying() else { throw .authenticationFailed }
        return plaintext
    }

    private static func checkedKey(_ key: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        let bytes = Array(key)
        guard bytes.count == keyByteCount else {
            throw .invalidKeyLength(algorithm: "AES-256-GCM", expected: keyByteCount, actual: bytes.count)
        }
        return bytes
    }
}

/// One EVP_CIPHER_CTX for AES-256-GCM, freed on deinit.
private final class CipherContext {
    private let context: OpaquePointer
    private var encrypting = true

    init() throws(CryptoError) {
        guard let context = EVP_CIPHER_CTX_new() else {
            throw .libraryFailure(call: "EVP_CIPHER_CTX_new", reason: OpenSSLErrorQueue.drain())
        }
        self.context = context
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    func initialize(encrypt: Bool, key: [UInt8], nonce: [UInt8]) throws(CryptoError) {
        encrypting = encrypt
        let initialize = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        guard initialize(context, EVP_aes_256_gcm(), nil, nil, nil) == 1 else {
            throw .libraryFailure(call: "EVP_CipherInit_ex(aes-256-gcm)", reason: OpenSSLErrorQueue.drain())
        }
        guard EVP_CIPHER_CTX_ctrl(context, shim_evp_ctrl_gcm_set_ivlen(), Int32(nonce.count), nil) == 1 else {
            throw .libraryFailure(call: "EVP_CIPHER_CTX_ctrl(SET_IVLEN)", reason: OpenSSLErrorQueue.drain())
        }
        let status = key.withUnsafeBufferPointer { keyBuffer in
            nonce.withUnsafeBufferPointer { nonceBuffer in
                initialize(context, nil, nil, keyBuffer.baseAddress, nonceBuffer.baseAddress)
            }
        }
        guard status == 1 else {
            throw .libraryFailure(call: "EVP_CipherInit_ex(key, nonce)", reason: OpenSSLErrorQueue.drain())
        }
    }

    func addAssociatedData(_ data: [UInt8]) throws(CryptoError) {
        guard !data.isEmpty else { return }
        var length: Int32 = 0
        let status = data.withUnsafeBufferPointer { buffer in
            encrypting
                ? EVP_EncryptUpdate(context, nil, &length, buffer.baseAddress, Int32(buffer.count))
                : EVP_DecryptUpdate(context, nil, &length, buffer.baseAddress, Int32(buffer.count))
        }
        guard status == 1 else { throw .libraryFailure(call: "EVP_CipherUpdate(aad)", reason: OpenSSLErrorQueue.drain()) }
    }

    func update(_ input: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: input.count)
        var length: Int32 = 0
        let status = input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                encrypting
                    ? EVP_EncryptUpdate(context, outputBuffer.baseAddress, &length, inputBuffer.baseAddress, Int32(inputBuffer.count))
                    : EVP_DecryptUpdate(context, outputBuffer.baseAddress, &length, inputBuffer.baseAddress, Int32(inputBuffer.count))
            }
        }
        guard status == 1 else { throw .libraryFailure(call: "EVP_CipherUpdate", reason: OpenSSLErrorQueue.drain()) }
        return Array(output.prefix(Int(length)))
    }

    func finish() throws(CryptoError) {
        var scratch = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        guard EVP_EncryptFinal_ex(context, &scratch, &length) == 1 else {
            throw .libraryFailure(call: "EVP_EncryptFinal_ex", reason: OpenSSLErrorQueue.drain())
        }
    }

    func tag() throws(CryptoError) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: AESGCM.tagByteCount)
        guard EVP_CIPHER_CTX_ctrl(context, shim_evp_ctrl_gcm_get_tag(), Int32(tag.count), &tag) == 1 else {
            throw .libraryFailure(call: "EVP_CIPHER_CTX_ctrl(GET_TAG)", reason: OpenSSLErrorQueue.drain())
        }
        return tag
    }

    func setExpectedTag(_ tag: [UInt8]) throws(CryptoError) {
        var copy = tag
        guard EVP_CIPHER_CTX_ctrl(context, shim_evp_ctrl_gcm_set_tag(), Int32(copy.count), &copy) == 1 else {
            throw .libraryFailure(call: "EVP_CIPHER_CTX_ctrl(SET_TAG)", reason: OpenSSLErrorQueue.drain())
        }
    }

    /// Returns false when the tag does not verify.
    func finishVerifying() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        let verified = EVP_DecryptFinal_ex(context, &scratch, &length) == 1
        ERR_clear_error()
        return verified
    }
}
