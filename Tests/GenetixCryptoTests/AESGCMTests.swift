import Testing
@testable import GenetixCrypto

@Suite struct AESGCMTests {
    @Test func roundTripWithAssociatedData() throws {
        let key = SecureRandom.bytes(32)
        let plaintext = Array("session: user=alice; expires=2030".utf8)
        let aad = Array("cookie-v1".utf8)
        let sealed = try AESGCM.seal(plaintext: plaintext, key: key, associatedData: aad)
        #expect(sealed.count == 12 + plaintext.count + 16)
        #expect(try AESGCM.open(sealed, key: key, associatedData: aad) == plaintext)
    }

    @Test func emptyPlaintextRoundTrips() throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(plaintext: [UInt8](), key: key)
        #expect(sealed.count == 28)
        #expect(try AESGCM.open(sealed, key: key).isEmpty)
    }

    @Test func twoSealsOfTheSameMessageDiffer() throws {
        let key = SecureRandom.bytes(32)
        let first = try AESGCM.seal(plaintext: [1, 2, 3], key: key)
        let second = try AESGCM.seal(plaintext: [1, 2, 3], key: key)
        #expect(first != second)
    }

    @Test(arguments: [0, 12, 20, 27])
    func flippedByteIsRejected(position: Int) throws {
        let key = SecureRandom.bytes(32)
        var sealed = try AESGCM.seal(plaintext: Array("attack at dawn!!".utf8), key: key)
        let index = min(position, sealed.count - 1)
        sealed[index] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key) }
    }

    @Test func wrongKeyOrAssociatedDataIsRejected() throws {
        let key = SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(plaintext: [9, 9, 9], key: key, associatedData: [1])
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: SecureRandom.bytes(32), associatedData: [1]) }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key, associatedData: [2]) }
    }

    @Test func malformedInputIsRejected() {
        #expect(throws: CryptoError.invalidKeyLength(algorithm: "AES-256-GCM", expected: 32, actual: 16)) {
            try AESGCM.seal(plaintext: [1], key: [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: CryptoError.sealedMessageTooShort(length: 27, minimum: 28)) {
            try AESGCM.open([UInt8](repeating: 0, count: 27), key: [UInt8](repeating: 0, count: 32))
        }
    }

    /// The GCM specification (McGrew & Viega), test case 14: AES-256, zero key and nonce, one zero block.
    @Test func knownAnswerZeroKey() throws {
        let sealed = try AESGCM.seal(plaintext: [UInt8](repeating: 0, count: 16), key: [UInt8](repeating: 0, count: 32),
                                     associatedData: [UInt8](), nonce: [UInt8](repeating: 0, count: 12))
        #expect(Hex.encode(sealed.dropFirst(12)) == "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919")
    }

    /// The GCM specification (McGrew & Viega), test case 16: AES-256 with associated data.
    @Test func knownAnswerWithAssociatedData() throws {
        let key = try Hex.decode("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        let nonce = try Hex.decode("cafebabefacedbaddecaf888")
        let plaintext = try Hex.decode("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        let aad = try Hex.decode("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let expectedCiphertext = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
        let expectedTag = "76fc6ece0f4e1768cddf8853bb2d551b"
        let sealed = try AESGCM.seal(plaintext: plaintext, key: key, associatedData: aad, nonce: nonce)
        #expect(Hex.encode(sealed) == Hex.encode(nonce) + expectedCiphertext + expectedTag)
        #expect(try AESGCM.open(sealed, key: key, associatedData: aad) == plaintext)
    }
}
