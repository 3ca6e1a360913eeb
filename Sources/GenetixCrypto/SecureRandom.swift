import COpenSSL

/// Cryptographically secure random bytes and tokens from OpenSSL's DRBG (seeded by the kernel).
public enum SecureRandom {
    /// Returns `count` random bytes.
    ///
    /// Stops the process if the random generator fails: without randomness no key, nonce or token is safe to use.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes: negative count \(count)")
        var result = [UInt8](repeating: 0, count: count)
        if count == 0 { return result }
        let status = result.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard status == 1 else {
            fatalError("RAND_bytes failed (\(OpenSSLErrorQueue.drain())): the system random source is unavailable; refusing to continue without randomness")
        }
        return result
    }

    /// Returns a random token of `bytes` random bytes, encoded as base64url without padding (43 characters for 32 bytes).
    public static func token(bytes count: Int = 32) -> String {
        Base64URL.encode(bytes(count))
    }
}
