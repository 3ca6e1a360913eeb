import COpenSSL

/// The SHA-256 digest (FIPS 180-4).
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// Returns the 32-byte SHA-256 digest of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        let input = Array(data)
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let status = input.withUnsafeBytes { inputBytes in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(inputBytes.baseAddress, inputBytes.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(status == 1 && Int(length) == byteCount, "EVP_Digest(SHA-256) failed: \(OpenSSLErrorQueue.drain())")
        return digest
    }

    /// Returns the SHA-256 digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        hash(Array(text.utf8))
    }
}
