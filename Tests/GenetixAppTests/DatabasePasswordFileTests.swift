import CPostgres
import Foundation
import GenetixApp
import GenetixTesting
import Testing

/// `--db-password-file`: the first line of the file, quoted into the conninfo so libpq reads back exactly it.
struct DatabasePasswordFileTests {
    /// The `password` keyword as libpq's own conninfo parser reads it.
    private func parsedPassword(_ conninfo: String) throws -> String? {
        var error: UnsafeMutablePointer<CChar>?
        let options = try #require(PQconninfoParse(conninfo, &error))
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password" { return option.pointee.val.map { String(cString: $0) } }
            option += 1
        }
        return nil
    }

    @Test func readsTheFirstLineTrimmed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/db-password"
        try "  s3cret pass \nsecond line\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try DatabasePasswordFile.read(path: path) == "s3cret pass")
    }

    @Test func refusesAnEmptyOrMissingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let empty = directory.path + "/empty"
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(throws: DatabasePasswordFileError.empty(path: empty)) { try DatabasePasswordFile.read(path: empty) }
        let missing = directory.path + "/missing"
        #expect(throws: DatabasePasswordFileError.unreadable(path: missing)) { try DatabasePasswordFile.read(path: missing) }
    }

    @Test(arguments: ["plain", "it's", "back\\slash", "sp ace=x", "'\\'"])
    func libpqReadsBackTheExactPassword(password: String) throws {
        let conninfo = DatabasePasswordFile.conninfo("host=a,b port=1,2 dbname=genetix user=genetix target_session_attrs=read-write",
                                                     password: password)
        #expect(try parsedPassword(conninfo) == password)
    }

    @Test func theFileWinsOverAPasswordInTheConninfo() throws {
        let conninfo = DatabasePasswordFile.conninfo("host=a user=genetix password=old", password: "new")
        #expect(try parsedPassword(conninfo) == "new")
    }
}
