import Testing
import GenetixCrypto

@Suite struct SecureRandomTests {
    @Test func tokensAreBase64URLAndUnique() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let token = SecureRandom.token(bytes: 32)
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            seen.insert(token)
        }
        #expect(seen.count == 200)
    }

    @Test func bytesHaveRequestedLengthAndVary() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(17).count == 17)
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func base64URLMatchesRFC4648Vectors() {
        #expect(Base64URL.encode(Array("".utf8)) == "")
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64URL.encode(Array("foob".utf8)) == "Zm9vYg")
        #expect(Base64URL.encode([0xfb, 0xff, 0xfe]) == "-__-")
    }
}
