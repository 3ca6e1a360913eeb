import Testing
import GenetixCrypto

@Suite struct HexTests {
    @Test func roundTrip() throws {
        let bytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff]
        #expect(Hex.encode(bytes) == "00017f80abff")
        #expect(try Hex.decode("00017F80abFF") == bytes)
        #expect(try Hex.decode("").isEmpty)
    }

    @Test(arguments: ["abc", "zz", "0g", " 0"])
    func invalidInputThrows(text: String) {
        #expect(throws: CryptoError.invalidHex(text)) { try Hex.decode(text) }
    }
}

@Suite struct ConstantTimeTests {
    @Test func comparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals(Array("abc".utf8), "abc".utf8))
    }
}
