import COpenSSL

/// HMAC with SHA-256 (RFC 2104, test vectors in RFC 4231).
public enum HMACSHA256 {
    /// The MAC length in bytes.
    public static let byteCount = 32

    /// Returns the 32-byte HMAC-SHA-256 of `message` under `key` (any key length).
    public static func mac(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        let keyBytes = Array(key)
        let keyLength = Int32(keyBytes.count)
        // A zero-length key still needs a valid pointer: OpenSSL rejects a NULL key.
        let keyStorage = keyBytes.isEmpty ? [UInt8(0)] : keyBytes
        let messageBytes = Array(message)
        var output = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let result = keyStorage.withUnsafeBytes { keyBuffer in
            messageBytes.withUnsafeBufferPointer { messageBuffer in
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    HMAC(EVP_sha256(), keyBuffer.baseAddress, keyLength,
                         messageBuffer.baseAddress, messageBuffer.count, outputBuffer.baseAddress, &length)
                }
            }
        }
        precondition(result != nil && Int(length) == byteCount, "HMAC(SHA-256) failed: \(OpenSSLErrorQueue.drain())")
        return output
    }

    /// Returns whether `tag` is the HMAC-SHA-256 of `message` under `key`, compared in constant time.
    public static func verify(tag: some Collection<UInt8>, key: some Collection<UInt8>, message: some Collection<UInt8>) -> Bool {
        ConstantTime.equals(mac(key: key, message: message), tag)
    }
}
