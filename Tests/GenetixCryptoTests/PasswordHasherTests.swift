import Testing
import GenetixCrypto

@Suite struct PasswordHasherTests {
    @Test func hashIsYescryptAndVerifies() throws {
        let hash = try PasswordHasher.hash(password: "correct horse battery staple")
        #expect(hash.hasPrefix("$y$"))
        #expect(hash.split(separator: "$").count == 4)
        #expect(PasswordHasher.verify(password: "correct horse battery staple", hash: hash))
    }

    @Test func wrongPasswordFails() throws {
        let hash = try PasswordHasher.hash(password: "s3cret")
        #expect(!PasswordHasher.verify(password: "s3cret ", hash: hash))
        #expect(!PasswordHasher.verify(password: "S3cret", hash: hash))
        #expect(!PasswordHasher.verify(password: "", hash: hash))
    }

    @Test func saltsDiffer() throws {
        let first = try PasswordHasher.hash(password: "same")
        let second = try PasswordHasher.hash(password: "same")
        #expect(first != second)
        #expect(PasswordHasher.verify(password: "same", hash: second))
    }

    @Test func malformedHashesNeverMatch() {
        #expect(!PasswordHasher.verify(password: "x", hash: ""))
        #expect(!PasswordHasher.verify(password: "x", hash: "*"))
        #expect(!PasswordHasher.verify(password: "x", hash: "$y$garbage"))
        #expect(!PasswordHasher.verify(password: "x", hash: "not a hash"))
    }

    @Test func passwordWithNULIsRejected() {
        #expect(throws: CryptoError.passwordContainsNUL) { try PasswordHasher.hash(password: "a\u{0}b") }
    }

    /// Non-ASCII passwords hash and verify as their UTF-8 bytes.
    @Test func unicodePasswordRoundTrips() throws {
        let hash = try PasswordHasher.hash(password: "pässwörd-🔑")
        #expect(PasswordHasher.verify(password: "pässwörd-🔑", hash: hash))
        #expect(!PasswordHasher.verify(password: "passwörd-🔑", hash: hash))
    }
}
