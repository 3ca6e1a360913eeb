import CCrypt
import Glibc

/// Password hashing with yescrypt through libcrypt, producing and checking standard `$y$…` strings (as in /etc/shadow).
public enum PasswordHasher {
    /// The crypt(3) prefix selecting yescrypt.
    public static let yescryptPrefix = "$y$"

    /// Hashes `password` with a fresh random salt at libcrypt's default yescrypt cost.
    ///
    /// - Returns: a string such as `$y$j9T$salt$hash`, safe to store and later pass to `verify`.
    /// - Throws: `CryptoError.passwordContainsNUL`, or `.libraryFailure` if libcrypt refuses.
    public static func hash(password: String) throws(CryptoError) -> String {
        guard !password.utf8.contains(0) else { throw .passwordContainsNUL }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let generated = crypt_gensalt_rn(yescryptPrefix, 0, nil, 0, &setting, Int32(setting.count))
        guard generated != nil else {
            throw .libraryFailure(call: "crypt_gensalt_rn(\"$y$\")", reason: "could not generate a yescrypt salt (\(String(cString: strerror(errno))))")
        }
        let settingText = String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hashed = crypt(password: password, setting: settingText), hashed.hasPrefix(yescryptPrefix) else {
            throw .libraryFailure(call: "crypt_rn", reason: "yescrypt hashing failed (\(String(cString: strerror(errno))))")
        }
        return hashed
    }

    /// Returns whether `password` matches `hash` (a crypt(3) string), comparing the outputs in constant time.
    ///
    /// Malformed hashes and passwords containing NUL never match.
    public static func verify(password: String, hash: String) -> Bool {
        guard !password.utf8.contains(0), !hash.utf8.contains(0), !hash.isEmpty else { return false }
        guard let computed = crypt(password: password, setting: hash), !computed.hasPrefix("*") else { return false }
        return ConstantTime.equals(Array(computed.utf8), Array(hash.utf8))
    }

    /// Runs crypt_rn with a heap-allocated, zeroed `struct crypt_data` (about 32 KiB: too large for a thread's stack).
    private static func crypt(password: String, setting: String) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            // The work area held password-derived state: wipe it before freeing.
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        let typed = data.bindMemory(to: crypt_data.self, capacity: 1)
        guard let output = crypt_rn(password, setting, typed, Int32(size)) else { return nil }
        return String(cString: output)
    }
}
