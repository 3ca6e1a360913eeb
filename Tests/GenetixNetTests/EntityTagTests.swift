import GenetixNet
import Testing

@Suite struct EntityTagTests {
    @Test func weakComparisonOverAList() {
        #expect(EntityTag.ifNoneMatch("\"a\"", matches: "\"a\""))
        #expect(EntityTag.ifNoneMatch("W/\"a\"", matches: "\"a\""))
        #expect(EntityTag.ifNoneMatch("\"a\"", matches: "W/\"a\""))
        #expect(EntityTag.ifNoneMatch(" \"x\" ,\t W/\"a\"", matches: "W/\"a\""))
        #expect(EntityTag.ifNoneMatch("*", matches: "\"anything\""))
        #expect(!EntityTag.ifNoneMatch("\"b\", \"c\"", matches: "\"a\""))
        #expect(!EntityTag.ifNoneMatch("", matches: "\"a\""))
        #expect(!EntityTag.ifNoneMatch(",,,", matches: "\"a\""))
    }
}
