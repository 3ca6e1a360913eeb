import Testing
import GenetixCrypto

@Suite struct HMACSHA256Tests {
    /// RFC 4231 §4: test cases 1, 2, 3, 4, 6 and 7 (case 5 is a truncated MAC).
    @Test(arguments: [
        (String(repeating: "0b", count: 20), Hex.encode("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Hex.encode("Jefe".utf8), Hex.encode("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131), Hex.encode("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         Hex.encode("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(keyHex: String, messageHex: String, expected: String) throws {
        let mac = HMACSHA256.mac(key: try Hex.decode(keyHex), message: try Hex.decode(messageHex))
        #expect(Hex.encode(mac) == expected)
    }

    @Test func verifyAcceptsOnlyTheRightTag() {
        let key = Array("k".utf8)
        let message = Array("m".utf8)
        var tag = HMACSHA256.mac(key: key, message: message)
        #expect(HMACSHA256.verify(tag: tag, key: key, message: message))
        tag[31] ^= 1
        #expect(!HMACSHA256.verify(tag: tag, key: key, message: message))
        #expect(!HMACSHA256.verify(tag: tag.prefix(16), key: key, message: message))
    }

    @Test func emptyKeyAndMessageMatchKnownValue() {
        #expect(Hex.encode(HMACSHA256.mac(key: [UInt8](), message: [UInt8]()))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
