import GenetixApp
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
}
