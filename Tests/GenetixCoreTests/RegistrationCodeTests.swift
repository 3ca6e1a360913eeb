import GenetixCore
import Testing

@Suite struct RegistrationCodeTests {
    @Test func roundTripsAndShowsGroupsOfFour() throws {
        for _ in 0..<200 {
            let code = RegistrationCode.random()
            #expect(code.display.count == 14)
            #expect(try RegistrationCode(parsing: code.display) == code)
            #expect(try RegistrationCode(parsing: code.display.lowercased()) == code)
        }
    }

    @Test func knownValueAndCheckSymbol() throws {
        // 36 is "14" in base 32 with check symbol U (36 mod 37); 37 is "15" with check 0.
        #expect(RegistrationCode(value: 0).normalized == "000000000000")
        #expect(RegistrationCode(value: 36).normalized == "00000000014U")
        #expect(RegistrationCode(value: 37).normalized == "000000000150")
        #expect(try RegistrationCode(parsing: "0000-0000-014u").normalized == "00000000014U")
    }

    @Test func crockfordAliasesAreAccepted() throws {
        let code = RegistrationCode(value: 1 << 5 | 1)  // …11 then check
        let typed = code.display.replacingOccurrences(of: "1", with: "l").replacingOccurrences(of: "0", with: "O")
        #expect(try RegistrationCode(parsing: typed) == code)
        let withI = code.display.replacingOccurrences(of: "1", with: "I")
        #expect(try RegistrationCode(parsing: withI) == code)
    }

    @Test func rejectsBadCheckLengthAndSymbols() throws {
        let code = RegistrationCode(value: 123_456_789)
        var symbols = Array(code.normalized)
        let check = symbols[11]
        symbols[11] = check == "0" ? "1" : "0"
        #expect(throws: RegistrationCodeError.badCheck) { try RegistrationCode(parsing: String(symbols)) }
        #expect(throws: RegistrationCodeError.wrongLength(11)) { try RegistrationCode(parsing: String(code.normalized.dropLast())) }
        #expect(throws: RegistrationCodeError.badSymbol("U")) { try RegistrationCode(parsing: "U" + String(code.normalized.dropFirst())) }
    }

    /// Non-ASCII never reaches a case mapping: `"ß".uppercased()` is "SS", which trapped `Character(_:)` in a debug
    /// build. Each is a bad symbol (400 naming `code` in the webapp), and the message shows it as U+XXXX.
    @Test(arguments: ["0000-0000-014ß", "ﬁ000-0000-014U", "0000-0000-014u\u{301}", "\u{200F}0000-0000-014U", "0000-0000-0\u{0}4U",
                      "ǅ000-0000-014U", "0000-0000-014\u{130}", "０000-0000-014U", "0000-0000-014\u{202E}", "\u{FEFF}000-0000-014U"])
    func hostileUnicodeIsABadSymbol(_ text: String) {
        #expect(throws: RegistrationCodeError.self) { try RegistrationCode(parsing: text) }
        do { _ = try RegistrationCode(parsing: text) } catch {
            guard case .badSymbol = error else { Issue.record("\(text.unicodeScalars.map(\.value)): \(error)"); return }
            #expect(error.description.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "\(error.description)")
        }
    }

    @Test func aVeryLongCodeStopsAtTheThirteenthSymbol() {
        #expect(throws: RegistrationCodeError.wrongLength(13)) { try RegistrationCode(parsing: String(repeating: "A", count: 100_000)) }
    }

    /// Crockford's mod-37 check symbol: a body's base-32 value mod 37, the alphabet then `*~$=U` for 32…36.
    @Test func checkSymbolsFollowCrockford() throws {
        #expect(RegistrationCode(value: 0).normalized == "000000000000")
        #expect(RegistrationCode(value: 31).normalized == "0000000000ZZ")
        #expect(RegistrationCode(value: 32).normalized == "00000000010*")
        #expect(RegistrationCode(value: 36).normalized == "00000000014U")
        #expect(throws: RegistrationCodeError.badSymbol("U")) { try RegistrationCode(parsing: "0000000001U0") }
        #expect(throws: RegistrationCodeError.badCheck) { try RegistrationCode(parsing: "000000000001") }
        #expect(throws: RegistrationCodeError.wrongLength(13)) { try RegistrationCode(parsing: "0000000000001") }
    }
}
